"""The plan layer called directly: compare's discounts and context, and the judgements of a
capacity view (throttling on its own, the unreserved minimum, whether provisioned concurrency pays).

Expected money is worked out here from the published us-east-1 rates: requests $0.20 per
million; x86_64 duration $0.0000166667 per GB-s (first tier); provisioned concurrency
$0.0000041667 per GB-s and its duration $0.0000097222 per GB-s; a month is 730 hours.
"""

from __future__ import annotations

from typing import Any

import pytest

from lambdacost.errors import UsageError
from lambdacost.plan import capacity as plan_capacity
from lambdacost.plan import compare as plan_compare
from lambdacost.plan import discounts as plan_discounts
from lambdacost.plan.inputs import parse_option
from lambdacost.schema import units

MONTH_S = 730 * 3600
ONE_FUNCTION = {"memory": "512MB", "duration": "200ms", "requests": "1M/month"}


def test_discounts_plan_then_flags_over_it() -> None:
    # pricing/discounts.yaml's compute-savings-plan: lambda 17%, fargate 50%, ec2 66%.
    found = {d.service: d for d in plan_discounts.discounts([], "compute-savings-plan", None)}
    assert {s: d.fraction for s, d in found.items()} == {"lambda": 0.17, "fargate": 0.50, "ec2": 0.66}
    assert found["ec2"].source.startswith("plan compute-savings-plan: ")
    merged = {d.service: d for d in plan_discounts.discounts(["ec2=30%", "lambda=0"], "compute-savings-plan", None)}
    assert merged["ec2"].fraction == pytest.approx(0.30) and merged["ec2"].source == "--discount"
    assert "lambda" not in merged  # a zero discount is no discount
    assert merged["fargate"].applies_to == plan_discounts.DISCOUNT_SCOPE["fargate"]


def test_compare_returns_the_comparison_and_its_context() -> None:
    result, ctx = plan_compare.compare(**ONE_FUNCTION, vs="fargate", free_tier=False)
    assert ctx.functions == [plan_compare.FunctionSummary("function", 512, "x86_64", 200.0, 1_000_000.0)]
    assert ctx.hourly_surplus_credit is None  # no EC2 priced
    assert [o.kind for o in result.options] == ["fargate"]
    gb_s = 1_000_000 * 0.2 * 0.5
    assert result.lambda_monthly == pytest.approx(1_000_000 * 0.20 / 1e6 + gb_s * 0.0000166667)
    # 1M requests and 100,000 GB-s are inside the free tier (1M requests, 400,000 GB-s).
    free, _ = plan_compare.compare(**ONE_FUNCTION, vs="fargate")
    assert free.lambda_monthly == 0


def test_compare_refuses_an_unknown_vs() -> None:
    with pytest.raises(UsageError, match="expected one of ec2, fargate, lmi, all"):
        plan_compare.compare(**ONE_FUNCTION, vs="lightsail")


@pytest.mark.parametrize(
    "value, positive, message",
    [("fast", False, "not a duration"), ("0", True, "'0' must be more than 0")],
)
def test_parse_option_names_the_flag(value: str, positive: bool, message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_option("--cpu-per-request", units.parse_duration_s, value, positive=positive)
    assert info.value.field == "--cpu-per-request" and message in info.value.one_line()


def workload(**function: Any) -> dict[str, Any]:
    fn = {"name": "api", "memory": "1GB", "duration": "1s", "requests": "1/s", **function}
    return {"name": "w", "region": "us-east-1", "free_tier": False, "functions": [fn]}


@pytest.mark.parametrize("reserved, below", [(950, True), (900, False)])
def test_unreserved_minimum_is_100(reserved: int, below: bool) -> None:
    view = plan_capacity.capacity(workload(reserved_concurrency=reserved))
    assert view.report.unreserved_pool == 1000 - reserved
    assert view.pool_below_minimum is below


def test_throttled_alone_against_the_account_limit() -> None:
    # 2,000 requests a second of 1 s each: 2,000 in flight against the default limit of 1,000.
    view = plan_capacity.capacity(workload(requests="2000/s"))
    assert view.alone_throttled_share[0] == pytest.approx(1 - 1000 / 2000)
    assert not view.pool_throttled_beyond_functions  # one function: the pool says nothing more


@pytest.mark.parametrize("rps, pays", [(10.5, True), (0.5, False)])
def test_whether_provisioned_concurrency_pays(rps: float, pays: bool) -> None:
    view = plan_capacity.capacity(workload(requests=f"{rps}/s"), pc_quantile=1.0)
    n = int(view.report.recommended_pc[0])
    assert n == -(-rps // 1)  # sized for the flat peak: whole environments
    # Random arrivals: n environments carry rps x (1 - B(n, rps)) erlangs (Erlang B recurrence); the rest
    # runs on demand. On demand: rps x 1 s x 1 GB every second of the month; with PC: n environments enabled
    # all month plus the carried GB-s at PC's duration rate. Requests cost the same either way.
    b = 1.0
    for k in range(1, n + 1):
        b = rps * b / (k + rps * b)
    served = rps * (1 - b)
    saving = MONTH_S * (served * 0.0000166667 - n * 0.0000041667 - served * 0.0000097222)
    assert view.pc_saving[0] == pytest.approx(saving, rel=1e-6)
    assert view.pc_candidates == [0]
    assert view.pc_pays == ([0] if pays else [])
    assert view.pc_extra_cost == pytest.approx(-saving, rel=1e-6)
    # break-even busy share: 0.0000041667 / (0.0000166667 - 0.0000097222)
    assert view.pc_break_even_min == pytest.approx(0.0000041667 / (0.0000166667 - 0.0000097222))
