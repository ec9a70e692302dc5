--[[
  Compare-and-append: append the events of one command to a centre's log only if the log still
  holds the number of events the caller has applied (optimistic concurrency), and remember the
  command's first answer under its idempotency key, with its lifetime, in the same atomic step.

  Input:
    KEYS[1] events list of the centre     ({centre}:events), one msgpack payload per event
    KEYS[2] answer key of the request's idempotency key ({centre}:answer:<key>), a string holding
            the msgpack answer; when the request has no key, any key of the centre (not touched)

    ARGV[1] expected version: the number of events the caller has applied
    ARGV[2] msgpack answer, or '' for none (no idempotency key)
    ARGV[3] lifetime of the answer in milliseconds (a positive integer; PX of the answer key)
    ARGV[4] channel to PUBLISH the new version on, so other instances catch up at once (not a key)
    ARGV[5..n] the events, one msgpack payload each (at least one)

  Output: a two-element array { code, version }
     0, new version      - appended (and the answer stored, expiring after ARGV[3] ms)
    -1, current version  - version conflict: nothing written; catch up from the current version
    -2, current version  - the idempotency key already has an unexpired answer: nothing written
]]
local current = redis.call('LLEN', KEYS[1])
if current ~= tonumber(ARGV[1]) then
  return { -1, current }
end
if ARGV[2] ~= '' and redis.call('EXISTS', KEYS[2]) == 1 then
  return { -2, current }
end
local version = redis.call('RPUSH', KEYS[1], unpack(ARGV, 5))
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
redis.call('PUBLISH', ARGV[4], version)
return { 0, version }
