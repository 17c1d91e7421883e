"""Which volume tier the free GB-seconds come off, worked by hand from pricing/lambda.yaml (us-east-1).

AWS's rule (Lambda pricing page, example 1): "Total compute - Free tier compute = Monthly
billable compute GB-s", and the billable GB-s are what is priced (through the tiers). So the
free GB-s leave the bottom tiers to the billable usage: they are worth the rate of the
workload's highest tier in use, not the first tier's.
"""

from __future__ import annotations

import numpy as np
import pytest

from lambdacost.core.engine import FunctionArrays, LambdaRates, price_functions
from lambdacost.schema.prices import LambdaPriceTable

REQUEST = 0.20 / 1_000_000
X86_TIER1, X86_TIER2, X86_TIER3 = 0.0000166667, 0.0000150000, 0.0000133334
ARM_TIER1 = 0.0000133334


@pytest.fixture(scope="module")
def rates(lambda_prices: LambdaPriceTable) -> LambdaRates:
    return lambda_prices.rates("us-east-1")


def test_free_gb_seconds_are_worth_the_top_tier_in_use(rates: LambdaRates) -> None:
    # 10,240 MB = 10 GB x 900 s x 2,000,000 requests = 18,000,000,000 GB-s (x86).
    # Billable: 18,000,000,000 - 400,000 = 17,999,600,000 GB-s through the tiers:
    #   6e9 x $0.0000166667 = $100,000.20; 9e9 x $0.000015 = $135,000;
    #   2,999,600,000 x $0.0000133334 = $39,994.86664; duration total $274,995.06664.
    # The credit is 400,000 GB-s at the third tier: 400,000 x $0.0000133334 = $5.33336
    #   (at the first tier it would be $6.66668).
    # Requests: (2,000,000 - 1,000,000) x $0.0000002 = $0.20.
    fn = FunctionArrays(memory_mb=[10_240.0], is_arm=[False], duration_ms=[900_000.0], requests=[2_000_000.0])
    costs = price_functions(fn, rates, free_tier=True)
    assert costs.cost["free_tier_duration"][0] == pytest.approx(-5.33336, rel=1e-9)
    assert costs.quantity["free_tier_duration"][0] == pytest.approx(-400_000, rel=1e-12)
    assert float(costs.workload_total) == pytest.approx(274_995.06664 + 0.20, rel=1e-12)


def test_free_gb_seconds_within_the_first_tier_are_worth_its_rate(rates: LambdaRates) -> None:
    # Mixed: x86 1,200,000 GB-s (1 GB x 1.2 s x 1,000,000), arm 400,000 GB-s (1 GB x 0.4 s x 1,000,000).
    # Free 400,000 GB-s split 3:1 -> 300,000 x86, 100,000 arm, each worth its first tier (the only one in use):
    #   300,000 x $0.0000166667 = $5.00001; 100,000 x $0.0000133334 = $1.33334.
    fn = FunctionArrays(
        memory_mb=np.array([1024.0, 1024.0]),
        is_arm=np.array([False, True]),
        duration_ms=np.array([1200.0, 400.0]),
        requests=np.array([1_000_000.0, 1_000_000.0]),
    )
    costs = price_functions(fn, rates, free_tier=True)
    assert costs.cost["free_tier_duration"] == pytest.approx([-5.00001, -1.33334], rel=1e-9)
    # Duration 1,200,000 x $0.0000166667 + 400,000 x $0.0000133334 = $20.00004 + $5.33336 = $25.3334;
    # less the credit $6.33335 -> $19.00005; requests 2,000,000 - 1,000,000 free -> $0.20. Total $19.20005.
    assert float(costs.workload_total) == pytest.approx(19.20005, rel=1e-12)
