/// The Lua script that performs one whole append atomically on the server.
///
/// KEYS: 1 head, 2 all, 3 event-ids, 4 streams-by-recent, 5 streams-by-name,
/// 6 category-by-recent, 7 category-by-name, 8 the stream's position list, 9 its info hash,
/// 10 its turn key.
/// ARGV: 1 stream, 2 category, 3 expected kind (`any`, `no`, `exists`, `exact`),
/// 4 expected version, 5 event count n, then per event: id, type, data, metadata; then,
/// optionally, the writer's id and `1` to claim the stream's turn (see `WriterTurn`).
///
/// Turns: while the turn key holds another writer's id, the append is refused with
/// `EVENTSCOPE_BUSY <ms left>` (nothing written); a claim sets the key to the writer's id
/// for the lease (PX) when nobody holds it; the holder's successful append deletes it.
///
/// Replies: `{1, version, first position, recorded-at ms}` after writing;
/// `{2, version, {entries}}` when every id is already in the stream (nothing written);
/// errors `EVENTSCOPE_WRONG_VERSION <actual>`, `EVENTSCOPE_DUPLICATE <id>` and
/// `EVENTSCOPE_BUSY <ms>` (nothing written). Every check runs before the first write, so a
/// refused append leaves no trace but a claimed turn, which expires by itself.
enum AppendScript {
    static let source = #"""
    if redis.replicate_commands then redis.replicate_commands() end
    local stream, category = ARGV[1], ARGV[2]
    local kind, wanted = ARGV[3], tonumber(ARGV[4])
    local n = tonumber(ARGV[5])
    local current = redis.call('LLEN', KEYS[8])

    -- Idempotency: ids already stored in this stream return the stored events.
    local seen, found, foundID = {}, {}, nil
    for i = 1, n do
      local id = ARGV[5 + (i - 1) * 4 + 1]
      if seen[id] then return redis.error_reply('EVENTSCOPE_DUPLICATE ' .. id) end
      seen[id] = true
      local pos = redis.call('HGET', KEYS[3], id)
      if pos then
        local entry = redis.call('XRANGE', KEYS[2], pos .. '-0', pos .. '-0')[1]
        local owner
        if entry then
          local fields = entry[2]
          for j = 1, #fields, 2 do
            if fields[j] == 'stream' then owner = fields[j + 1] end
          end
        end
        if owner ~= stream then return redis.error_reply('EVENTSCOPE_DUPLICATE ' .. id) end
        found[#found + 1] = entry
        foundID = foundID or id
      end
    end
    if n > 0 and #found == n then return {2, current, found} end
    if #found > 0 then return redis.error_reply('EVENTSCOPE_DUPLICATE ' .. foundID) end

    -- Turn-taking between writers of a contended stream.
    local owner, claim = ARGV[5 + n * 4 + 1], ARGV[5 + n * 4 + 2]
    local holder = false
    if owner then
      local held = redis.call('GET', KEYS[10])
      if held and held ~= owner then
        return redis.error_reply('EVENTSCOPE_BUSY ' .. redis.call('PTTL', KEYS[10]))
      end
      holder = held == owner
      if claim == '1' and not held then
        redis.call('SET', KEYS[10], owner, 'PX', ARGV[5 + n * 4 + 3])
        holder = true
      end
    end

    -- Optimistic concurrency.
    local ok = kind == 'any' or (kind == 'no' and current == 0) or (kind == 'exists' and current > 0)
      or (kind == 'exact' and current == wanted)
    if not ok then return redis.error_reply('EVENTSCOPE_WRONG_VERSION ' .. current) end
    if n == 0 then return {1, current, 0, 0} end

    -- The append itself.
    local now = redis.call('TIME')
    local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
    local last = redis.call('INCRBY', KEYS[1], n)
    local first = last - n + 1
    for i = 1, n do
      local base = 5 + (i - 1) * 4
      local pos = first + i - 1
      redis.call('XADD', KEYS[2], pos .. '-0', 'stream', stream, 'version', current + i,
        'type', ARGV[base + 2], 'event_id', ARGV[base + 1], 'data', ARGV[base + 3],
        'metadata', ARGV[base + 4], 'recorded_at', ms)
      redis.call('HSET', KEYS[3], ARGV[base + 1], pos)
      redis.call('RPUSH', KEYS[8], pos)
    end
    local version = current + n
    if holder then redis.call('DEL', KEYS[10]) end
    redis.call('HSET', KEYS[9], 'stream', stream, 'category', category, 'version', version,
      'last_position', last, 'last_updated', ms, 'last_type', ARGV[5 + (n - 1) * 4 + 2])
    redis.call('ZADD', KEYS[4], last, stream)
    redis.call('ZADD', KEYS[6], last, stream)
    if current == 0 then
      -- A new stream: its name joins the name indexes once.
      redis.call('ZADD', KEYS[5], 0, stream)
      redis.call('ZADD', KEYS[7], 0, stream)
    end
    return {1, version, first, ms}
    """#
}
