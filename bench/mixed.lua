-- bench/mixed.lua - the mixed load of bench/mixed.sh, for wrk.
--
-- Each connection is one of the park's users, by turns staff, a firm and a
-- trainee (their API tokens in BENCH_TOKENS: "staff:TOKEN firm:TOKEN
-- trainee:TOKEN ..."), and each request is drawn at random:
--   70 % browse  a page of a list that role may read
--   15 % search  the organisations matching a common word
--   10 % write   a new organisation (staff's token: only staff may)
--    5 % report  the figures that role may read
-- Any answer but 2xx counts in wrk's "Non-2xx" line, which bench/mixed.sh
-- refuses.

local users = {}
local staff = nil
for role, token in string.gmatch(os.getenv("BENCH_TOKENS") or "", "(%a+):(%S+)") do
   users[#users + 1] = { role = role, token = token }
   if role == "staff" and not staff then staff = token end
end

local browse = {
   staff = { "/api/v1/orgs?limit=20&offset=%d", "/api/v1/people?limit=20&offset=%d",
             "/api/v1/training/cohorts?limit=20&offset=%d" },
   firm = { "/api/v1/orgs?limit=20&offset=%d", "/api/v1/notifications?limit=20&offset=%d" },
   trainee = { "/api/v1/orgs?limit=20&offset=%d", "/api/v1/training/me" },
}
local report = {
   staff = { "/api/v1/incubation/figures", "/api/v1/training/figures" },
   firm = { "/api/v1/training/figures", "/api/v1/facility/figures" },
   trainee = { "/api/v1/training/figures" },
}
local words = { "长春", "吉林", "科技", "汽车", "农业", "职业" }

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", #threads)
   threads[#threads + 1] = thread
end

local me = nil
local serial = 0

function init(args)
   math.randomseed(os.time() + id * 7919)
   me = users[(id % #users) + 1]
end

local function pick(list)
   return list[math.random(#list)]
end

local function escape(s)
   return (string.gsub(s, "[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

function request()
   local r = math.random(100)
   -- Each request is one of the users by turns.
   serial = serial + 1
   me = users[((id + serial) % #users) + 1]
   local auth = { ["Authorization"] = "Bearer " .. me.token }
   if r <= 70 then
      local path = string.format(pick(browse[me.role]), 20 * math.random(0, 49))
      return wrk.format("GET", path, auth)
   elseif r <= 85 then
      return wrk.format("GET", "/api/v1/orgs?limit=20&q=" .. escape(pick(words)), auth)
   elseif r <= 95 then
      local body = string.format('{"kind":"enterprise","name":"压测写入%d-%d-%d有限公司"}',
                                 id, serial, math.random(1000000000))
      return wrk.format("POST", "/api/v1/orgs", {
         ["Authorization"] = "Bearer " .. staff,
         ["Content-Type"] = "application/json" }, body)
   else
      return wrk.format("GET", pick(report[me.role]), auth)
   end
end
