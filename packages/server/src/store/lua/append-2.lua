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
    ARGV[5] the events' msgpack payloads, back to back (one buffer instead of one argument per event)
    ARGV[6] the payloads' byte lengths, in order, comma-separated (at least one)
    Each payload becomes one element of the list, as before: the list holds one msgpack event per
    element and its length is the version (instances of older versions, with their own script,
    read and append the same list).

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
local blob = ARGV[5]
local events = {}
local at = 1
for n in string.gmatch(ARGV[6], '%d+') do
  local after = at + tonumber(n)
  events[#events + 1] = string.sub(blob, at, after - 1)
  at = after
end
if #events == 0 or at ~= #blob + 1 then
  return redis.error_reply('append: the event lengths do not add up to the payload')
end
local version = redis.call('RPUSH', KEYS[1], unpack(events))
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
redis.call('PUBLISH', ARGV[4], version)
return { 0, version }
