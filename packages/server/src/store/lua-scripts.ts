/**
 * Lua scripts of the Redis store: each file is `name-<numKeys>.lua` (the key count lives only in the
 * file name) and is registered with ioredis `defineCommand` as `name:<package version>`, so two
 * server versions sharing one Redis never run each other's script.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { PACKAGE_VERSION } from '../version.ts';

const LUA_DIR = new URL('./lua/', import.meta.url);

export interface LuaScript {
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
}

export function splitFilename(file: string): { name: string; numberOfKeys: number } {
  const m = /^([a-z][a-zA-Z0-9]*)-(\d+)\.lua$/.exec(file);
  if (!m) throw new Error(`Lua script file ${file} must be named <name>-<numKeys>.lua`);
  return { name: m[1]!, numberOfKeys: Number(m[2]) };
}

export const SCRIPTS: readonly LuaScript[] = readdirSync(LUA_DIR)
  .filter((f) => f.endsWith('.lua'))
  .sort()
  .map((file) => ({ ...splitFilename(file), lua: readFileSync(new URL(file, LUA_DIR), 'utf8') }));

export function commandName(name: string): string {
  return `${name}:${PACKAGE_VERSION}`;
}

export function defineScripts(redis: Redis): void {
  for (const s of SCRIPTS) redis.defineCommand(commandName(s.name), { numberOfKeys: s.numberOfKeys, lua: s.lua });
}
