-- wrk: every request a different search (words × filter × page), so that
-- nothing is answered from a cache. The path prefix comes from the command
-- line (`wrk … -s search.lua <url> -- /api/v1/search`).
local words = {
  "visas", "regularizacion", "citas", "albergues", "atencion", "permisos", "reunificacion",
  "detencion", "educacion", "vivienda", "seguridad", "discriminacion", "credencial", "asilo",
  "curp", "actas", "nacionalidad", "remesas", "repatriacion", "residente", "interpretes",
  "deportaciones", "estaciones", "modulos", "proteccion", "salud", "empleo", "becas",
  "apostilla", "jornaleros", "menores", "tramites", "tijuana", "tapachula", "frontera",
  "juarez", "consulados", "chicago", "angeles", "monterrey", "mexicali", "reynosa",
}
local filters = { "", "&kind=demand", "&topic=documentation", "&topic=health", "&topic=labor",
  "&from=2025-01-01", "&to=2025-12-31", "&kind=meeting" }
local prefix = "/api/v1/search"
local n = 0

function init(args)
  if args[1] then prefix = args[1] end
  -- Each thread starts elsewhere in the sequence.
  n = math.random(0, 100000)
end

request = function()
  n = n + 1
  local a = words[(n % #words) + 1]
  local b = words[(math.floor(n / #words) % #words) + 1]
  local f = filters[(math.floor(n / (#words * #words)) % #filters) + 1]
  local page = (math.floor(n / (#words * #words * #filters)) % 3) + 1
  local q = a
  if n % 3 == 1 then q = a .. "+" .. b elseif n % 3 == 2 then q = "%22" .. a .. "+" .. b .. "%22" end
  local sep = "?"
  if string.find(prefix, "?", 1, true) then sep = "&" end
  return wrk.format("GET", prefix .. sep .. "q=" .. q .. f .. "&page=" .. page)
end
