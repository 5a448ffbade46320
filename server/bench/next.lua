-- wrk: readers paging on down a long list by its `next` links (the API's
-- JSON, `wrk … -s next.lua <url> -- /api/v1/demands`), as a reader or a
-- scraper does: each answer's next page is asked next, so the pages reached
-- go deeper as the run goes on, and each one is sought from the edge its
-- link carries (`after=`) instead of counted down to.
local first = "/api/v1/demands"
local queue, head, tail = {}, 1, 0

function init(args)
  if args[1] then first = args[1] end
  -- The link is read from the body: plain, not gzipped.
  wrk.headers["Accept-Encoding"] = "identity"
end

request = function()
  local path = first
  if head <= tail then
    path = queue[head]
    queue[head] = nil
    head = head + 1
  end
  return wrk.format("GET", path)
end

response = function(status, headers, body)
  local nxt = body and body:match('"next":"([^"]+)"')
  if nxt then
    tail = tail + 1
    queue[tail] = nxt
  end
end
