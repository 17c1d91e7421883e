"""Discount plans (``pricing/discounts.yaml``): Savings Plans and Reserved Instances as a fraction off on-demand."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from lambdacost.schema.prices import _Strict

#: The services a discount plan may name.
DISCOUNT_SERVICES = ("lambda", "ec2", "fargate")


class DiscountPlan(_Strict):
    """A named discount: the fraction off on-demand for each service it covers."""

    description: str
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True, allow_inf_nan=False)

    @model_validator(mode="after")
    def _check_services(self) -> DiscountPlan:
        self.rates()
        return self

    def rates(self) -> dict[str, float]:
        extra = self.model_extra or {}
        out = {}
        for service, value in extra.items():
            if service not in DISCOUNT_SERVICES:
                close = difflib.get_close_matches(service, DISCOUNT_SERVICES, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"services: {', '.join(DISCOUNT_SERVICES)}"
                raise ValueError(f"{service}: unknown service; {hint}")
            if not isinstance(value, int | float) or not 0 <= value < 1:
                raise ValueError(f"{service}: a discount is a fraction from 0 to below 1, got {value!r}")
            out[service] = float(value)
        return out


class DiscountTable(_Strict):
    """Named discount plans (``pricing/discounts.yaml``)."""

    kind: Literal["discounts"]
    source: str = Field(min_length=1)
    effective_date: dt.date
    plans: dict[str, DiscountPlan]

    @model_validator(mode="after")
    def _check_rates(self) -> DiscountTable:
        for plan in self.plans.values():
            plan.rates()
        return self
