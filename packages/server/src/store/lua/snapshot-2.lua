--[[
  Save a centre's snapshot unless a newer or equal one is stored: the snapshot and its version are
  written together (one hash), so a reader never sees one without the other.

  Input:
    KEYS[1] snapshot hash of the centre ({centre}:snapshot): field `version`, field `data`
    KEYS[2] events list of the centre   ({centre}:events), to refuse a snapshot ahead of the log

    ARGV[1] version of the snapshot (events 1..version folded), a non-negative integer
    ARGV[2] msgpack snapshot

  Output: a two-element array { code, version }
     1, version          - saved
     0, stored version   - ignored: the stored snapshot is as new or newer
    -1, log version      - refused: the snapshot is ahead of the log (nothing written)
]]
local version = tonumber(ARGV[1])
local head = redis.call('LLEN', KEYS[2])
if version > head then
  return { -1, head }
end
local stored = redis.call('HGET', KEYS[1], 'version')
if stored and tonumber(stored) >= version then
  return { 0, tonumber(stored) }
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
return { 1, version }
