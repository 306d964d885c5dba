-- wrk script for tests/bench/bench.sh: counts the responses whose status
-- is not 2xx (wrk's own "Non-2xx or 3xx" line lets 3xx through) and
-- prints, after wrk's report, one line the script parses:
--   bench: requests N non2xx M
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	non2xx = 0
end

function response(status, headers, body)
	if status < 200 or status > 299 then
		non2xx = non2xx + 1
	end
end

function done(summary, latency, requests)
	local n = 0
	for _, t in ipairs(threads) do
		n = n + t:get("non2xx")
	end
	io.write(string.format("bench: requests %d non2xx %d\n",
	    summary.requests, n))
end
