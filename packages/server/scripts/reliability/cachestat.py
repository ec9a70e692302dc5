#!/usr/bin/env python3
"""Page-cache state of files, sampled: one JSON line per sample with the pages of the given files
that are dirty (written, not yet on disk) or under writeback. Uses the cachestat(2) system call
(Linux >= 6.5), which Node cannot call; loss-window.ts reads the lines.

    cachestat.py <interval-ms> <file>...      (runs until killed; files may appear later)
"""
import ctypes
import json
import os
import sys
import time

SYS_CACHESTAT = 451  # x86_64 and arm64


class Range(ctypes.Structure):
    _fields_ = [("off", ctypes.c_uint64), ("len", ctypes.c_uint64)]


class Stat(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint64) for n in ("cache", "dirty", "writeback", "evicted", "recently_evicted")]


libc = ctypes.CDLL(None, use_errno=True)


def stat(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        r, s = Range(0, 0), Stat()
        if libc.syscall(SYS_CACHESTAT, fd, ctypes.byref(r), ctypes.byref(s), 0) != 0:
            raise OSError(ctypes.get_errno(), "cachestat")
        return s.dirty, s.writeback
    finally:
        os.close(fd)


def main():
    interval = int(sys.argv[1]) / 1000
    files = sys.argv[2:]
    while True:
        dirty = writeback = 0
        for f in files:
            try:
                d, w = stat(f)
            except FileNotFoundError:
                continue
            dirty += d
            writeback += w
        print(json.dumps({"t": time.time() * 1000, "dirty": dirty, "writeback": writeback}), flush=True)
        time.sleep(interval)


if __name__ == "__main__":
    main()
