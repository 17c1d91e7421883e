"""compare's Lambda Managed Instances option, worked out from the published rates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lambdacost.core import compare as cmp
from lambdacost.core.engine import FunctionArrays, LambdaRates
from lambdacost.schema.prices import LambdaPriceTable

M7G_XLARGE, M7G_LARGE, T4G_SMALL = 0.1632, 0.0816, 0.0168  # on-demand $/h, us-east-1
FEE, REQUEST = 0.15, 0.20 / 1_000_000


@pytest.fixture(scope="module")
def rates(lambda_prices: LambdaPriceTable) -> LambdaRates:
    return lambda_prices.rates("us-east-1")


def catalogue(load: cmp.ServiceLoad, capacity: cmp.CapacityModel) -> cmp.Units:
    return cmp.ec2_units(
        ("m7g.large", "m7g.xlarge", "t4g.small"),
        ("arm64", "arm64", "arm64"),
        [2, 4, 2],
        [8, 16, 2],
        [M7G_LARGE, M7G_XLARGE, T4G_SMALL],
        [np.nan, np.nan, 0.2],
        0.05,
        capacity,
        load,
    )


def test_managed_instances_are_priced_with_fee_requests_and_a_minimum_of_three(rates: LambdaRates) -> None:
    # 100M requests of 200 ms at 2 GB (1.13 vCPU share): 7.61 requests in flight, 8.6 vCPUs, 15.2 GB.
    fn = FunctionArrays(memory_mb=2048.0, is_arm=True, duration_ms=200.0, requests=np.array([100e6]))
    capacity = cmp.CapacityModel()
    load = cmp.service_load(2048.0, 200.0, 100e6, capacity)
    lmi = cmp.managed_instance_units(catalogue(load, capacity), FEE, REQUEST, discount=0.72)
    assert lmi.names == ("m7g.large", "m7g.xlarge")  # burstable types are not offered
    result = cmp.compare(fn, rates, free_tier=False, load=load, capacity=capacity, ec2=None, fargate=None, lmi=lmi)
    (opt,) = result.options
    assert opt.kind == "lmi"
    vcpus = 100e6 / (730 * 3600) * 0.2 * (2048 / 1769)
    memory_gb = 100e6 / (730 * 3600) * 0.2 * 2
    per_hour = {"m7g.large": M7G_LARGE * (0.28 + FEE), "m7g.xlarge": M7G_XLARGE * (0.28 + FEE)}
    count = {
        "m7g.large": max(3, math.ceil(vcpus / (2 * 0.6)), math.ceil(memory_gb / (8 * 0.6))),
        "m7g.xlarge": max(3, math.ceil(vcpus / (4 * 0.6)), math.ceil(memory_gb / (16 * 0.6))),
    }
    monthly = {n: count[n] * 730 * per_hour[n] + 100e6 * REQUEST for n in per_hour}
    best = min(monthly, key=lambda n: monthly[n])
    assert opt.name == best
    assert opt.count == count[best]
    assert opt.monthly == pytest.approx(monthly[best])
    # At the break-even load, the fleet costs what on-demand Lambda does.
    assert opt.break_even_k is not None
    k = opt.break_even_k
    curve = cmp.LambdaCurve(fn, rates, False)
    fleet = cmp.fleet_cost(opt.units, load, [k], cmp.fleet_counts(opt.units, load, [k + 1e-9], 3))[0, 0]
    assert float(curve.exact([k])[0]) == pytest.approx(fleet, rel=1e-6)
