-- wrk: each request a page of a long list picked at random, most of them far
-- down it (`wrk … -s pages.lua <url> -- /demands 5000`), so that the page
-- cache answers few of them.
local prefix = "/demands"
local last = 100

function init(args)
  if args[1] then prefix = args[1] end
  if args[2] then last = tonumber(args[2]) end
  math.randomseed(os.time() + math.random(0, 100000))
end

request = function()
  local sep = "?"
  if string.find(prefix, "?", 1, true) then sep = "&" end
  return wrk.format("GET", prefix .. sep .. "page=" .. math.random(1, last))
end
