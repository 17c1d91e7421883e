"""Throttled requests are not billed (AWS bills no throttled invocation): the estimate prices the served share."""

from __future__ import annotations

import json

import pytest

from lambdacost.plan.estimate import estimate
from lambdacost.render.estimate import estimate_csv, estimate_dict, estimate_markdown


def _workload(**fn: object) -> dict[str, object]:
    base = {"name": "api", "memory": "1024MB", "duration": "1000ms", "requests": "21024000/month"}
    return {"name": "t", "region": "us-east-1", "free_tier": False, "functions": [{**base, **fn}]}


def test_reserved_zero_bills_nothing() -> None:
    est = estimate(_workload(reserved_concurrency=0, cold_start_rate="1%", init_duration="500ms"))
    assert est.total == 0.0
    bill = est.bills[0]
    assert bill.throttled_requests == pytest.approx(21_024_000)
    assert bill.throttled_share == pytest.approx(1.0)
    assert "api: 21,024,000 requests throttled (100.0%), not billed." in estimate_markdown(est)


def test_hourly_profile_over_the_reserved_limit_bills_the_served_share() -> None:
    # 21,024,000 requests a month of 1,000 ms: 21,024,000 / 2,628,000 s = 8 requests/s -> concurrency 8.
    # Profile: 6 hours at 2.5, 18 at 0.5 (mean (15 + 9) / 24 = 1): demand 20 and 4; reserved 10.
    # Served: 6 x 10 + 18 x 4 = 132 of 6 x 20 + 18 x 4 = 192 -> 0.6875; throttled 0.3125.
    # Served requests 21,024,000 x 0.6875 = 14,454,000; throttled 6,570,000.
    # us-east-1 (pricing/lambda.yaml): $0.20 per 1M requests; x86 first tier $0.0000166667 per GB-s.
    #   requests 14,454,000 x $0.0000002 = $2.8908
    #   duration 14,454,000 x 1 s x 1 GB = 14,454,000 GB-s x $0.0000166667 = $240.9004818
    #   INIT 1% x 14,454,000 = 144,540 cold starts x 0.5 s x 1 GB = 72,270 GB-s x $0.0000166667 = $1.204502409
    #   total $2.8908 + $240.9004818 + $1.204502409 = $244.995784209
    profile = [2.5] * 6 + [0.5] * 18
    est = estimate(
        _workload(reserved_concurrency=10, traffic={"hourly": profile}, cold_start_rate="1%", init_duration="500ms")
    )
    assert est.total == pytest.approx(244.995784209, rel=1e-12)
    lines = {ln.item: ln for ln in est.bills[0].lines}
    assert lines["requests"].quantity == pytest.approx(14_454_000)
    assert lines["duration"].quantity == pytest.approx(14_454_000)
    assert lines["init_duration"].quantity == pytest.approx(72_270)
    fn = estimate_dict(est)["functions"][0]
    assert fn["throttled_requests"] == pytest.approx(6_570_000)
    assert fn["throttled_share"] == pytest.approx(0.3125)
    assert json.dumps(fn)  # plain JSON values
    # 0.3125 shown to one decimal: "31.2%" (rounded half to even).
    assert 'api,throttled_requests,"Throttled requests, not billed (31.2%)",6570000,requests,0,0' in estimate_csv(est)
    assert "api: 6,570,000 requests throttled (31.2%), not billed." in estimate_markdown(est)


def test_within_the_limit_nothing_is_throttled_or_noted() -> None:
    # Same load, reserved 20 >= the busiest hour's 20: everything is served.
    # 21,024,000 x $0.0000002 = $4.2048; 21,024,000 GB-s x $0.0000166667 = $350.4007008; total $354.6055008.
    est = estimate(_workload(reserved_concurrency=20, traffic={"hourly": [2.5] * 6 + [0.5] * 18}))
    assert est.total == pytest.approx(354.6055008, rel=1e-12)
    assert est.bills[0].throttled_requests == 0.0
    assert "throttled" not in estimate_markdown(est)
    assert "throttled_requests," not in estimate_csv(est)


def test_functions_sharing_the_unreserved_pool_are_served_its_share() -> None:
    # account_concurrency_limit 10, no reservations: the pool is 10. Two flat functions of concurrency 8
    # each (21,024,000 requests of 1,000 ms, as above) ask for 16 every hour: each is served 10 / 16 = 0.625.
    # Served 21,024,000 x 0.625 = 13,140,000 requests each; throttled 7,884,000 each.
    #   requests 13,140,000 x $0.0000002 = $2.628; duration 13,140,000 GB-s x $0.0000166667 = $219.000438
    #   each $221.628438; workload $443.256876 (13,140,000 + 13,140,000 GB-s stay in the first tier).
    wl = _workload()
    fn = wl["functions"][0]  # type: ignore[index]
    wl["functions"] = [fn, {**fn, "name": "worker"}]
    wl["account_concurrency_limit"] = 10
    est = estimate(wl)
    assert est.total == pytest.approx(443.256876, rel=1e-12)
    assert [b.throttled_requests for b in est.bills] == pytest.approx([7_884_000, 7_884_000])
    assert [b.throttled_share for b in est.bills] == pytest.approx([0.375, 0.375])
