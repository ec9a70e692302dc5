--[[
  Compare-and-append: append the events of one command to a centre's log only if the log still
  holds the number of events the caller has applied (optimistic concurrency), and remember the
  command's first answer under its idempotency key, in the same atomic step.

  Input:
    KEYS[1] events list of the centre   ({centre}:events), one msgpack payload per event
    KEYS[2] answers hash of the centre  ({centre}:answers), idempotency key -> msgpack answer

    ARGV[1] expected version: the number of events the caller has applied
    ARGV[2] idempotency key, or '' for none
    ARGV[3] msgpack answer, or '' for none
    ARGV[4] channel to PUBLISH the new version on, so other instances catch up at once (not a key)
    ARGV[5..n] the events, one msgpack payload each (at least one)

  Output: a two-element array { code, version }
     0, new version      - appended
    -1, current version  - version conflict: nothing written; catch up from the current version
    -2, current version  - the idempotency key already has an answer: nothing written
]]
local current = redis.call('LLEN', KEYS[1])
if current ~= tonumber(ARGV[1]) then
  return { -1, current }
end
if ARGV[2] ~= '' and redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then
  return { -2, current }
end
local version = redis.call('RPUSH', KEYS[1], unpack(ARGV, 5))
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
end
redis.call('PUBLISH', ARGV[4], version)
return { 0, version }
