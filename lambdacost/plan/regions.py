"""``regions``: per region, which services the price tables price and how many of their rates are unconfirmed."""

from __future__ import annotations

from dataclasses import dataclass, field

from lambdacost.schema.prices import Ec2PriceTable, FargatePriceTable, LambdaPriceTable, ServicesPriceTable
from lambdacost.schema.stack import StackPriceTable

#: The price tables, by service: "services" is Step Functions and friends (``pricing/services.yaml``),
#: "stack" API Gateway, the load balancer and CloudWatch Logs (``pricing/stack.yaml``).
SERVICES = ("lambda", "ec2", "fargate", "services", "stack")


@dataclass(frozen=True)
class RegionSummary:
    """One region across the price tables. ``unconfirmed[service]`` counts that table's unconfirmed
    entries for the region (EC2: instance types whose price was derived or not read); a service
    missing from ``unconfirmed`` has no prices in the region."""

    region: str
    location: str | None
    request: float | None
    gb_second_x86_64: float | None
    gb_second_arm64: float | None
    ec2_types: int
    fargate_vcpu_hour: float | None
    unconfirmed: dict[str, int] = field(default_factory=dict)
    unconfirmed_lambda: tuple[str, ...] = ()

    @property
    def priced(self) -> tuple[str, ...]:
        return tuple(s for s in SERVICES if s in self.unconfirmed)


def region_summaries(
    lam: LambdaPriceTable,
    ec2: Ec2PriceTable,
    fargate: FargatePriceTable,
    services: ServicesPriceTable,
    stack: StackPriceTable,
) -> list[RegionSummary]:
    """Every region of any table, sorted by code."""
    tables = (lam, ec2, fargate, services, stack)
    codes = sorted(set().union(*(t.regions for t in tables)))
    out = []
    for code in codes:
        counts: dict[str, int] = {}
        lr = lam.regions.get(code)
        if lr is not None:
            counts["lambda"] = len(lr.unconfirmed)
        er = ec2.regions.get(code)
        if er is not None:
            counts["ec2"] = sum(i.estimated for i in er.instances.values())
        fr = fargate.regions.get(code)
        if fr is not None:
            counts["fargate"] = len(fr.unconfirmed)
        sr = services.regions.get(code)
        if sr is not None:
            counts["services"] = len(sr.unconfirmed)
        st = stack.regions.get(code)
        if st is not None:
            counts["stack"] = len(st.unconfirmed)
        out.append(
            RegionSummary(
                region=code,
                location=lr.location if lr else None,
                request=lr.request.x86_64 if lr else None,
                gb_second_x86_64=lr.duration.x86_64[0].rate if lr else None,
                gb_second_arm64=lr.duration.arm64[0].rate if lr else None,
                ec2_types=len(er.instances) if er else 0,
                fargate_vcpu_hour=fr.linux_x86_64.vcpu_hour if fr else None,
                unconfirmed=counts,
                unconfirmed_lambda=tuple(lr.unconfirmed) if lr else (),
            )
        )
    return out
