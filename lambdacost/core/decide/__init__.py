"""Where should a job of a given shape run? The logic of ``lambdacost decide``.

Pure computation: a :class:`Job` and the rates of one region (:class:`DecideRates`,
built from the price tables by :func:`lambdacost.plan.decide.decide_rates`) in, a :class:`Decision` out.
No file access, no printing, no typer, rich or yaml.

The model, option by option (every rate from a table under ``pricing/``; no free
tier is applied anywhere, since the question is what one job costs):

* ``lambda``: one invocation of the whole job, priced by
  :func:`lambdacost.core.engine.price_functions` (requests, GB-s, /tmp beyond 512 MB).
  Lambda's CPU follows memory (1 vCPU per 1,769 MB), so a job that asks for
  ``--vcpus`` gets at least ``vcpus x 1,769`` MB.
* ``step-functions``: a Standard workflow chaining ``ceil(duration / 12 min)``
  Lambda steps (12 minutes leaves a 3-minute margin under the 15-minute limit);
  the Lambda compute of the whole duration plus one state transition per step.
* ``lambda-durable``: one durable execution whose invocations are the same
  12-minute chunks; normal Lambda compute plus one operation to start the
  execution and one per checkpointed step, each checkpoint writing
  :data:`DURABLE_CHECKPOINT_KB` kept :data:`DURABLE_RETENTION_DAYS` days (our
  assumptions: the real figures depend on the code).
* ``lambda-microvm``: one MicroVM for the run, suspended while the job waits
  (:func:`lambdacost.core.microvm.microvm_option`).
* A job that waits (``wait_s``) is billed the wait inside a Lambda invocation
  and on containers and instances (:attr:`Job.wall_seconds`); Step Functions
  add a Wait state's transition, durable functions a wait operation and a resume.
* ``fargate`` / ``fargate-spot``: the smallest valid task size with at least the
  job's vCPUs and memory; vCPU-s, GB-s and storage beyond the included storage,
  per second with a minimum (both from ``fargate.yaml``); Spot at the discount of
  ``discounts.yaml``.
* ``batch-spot``: AWS Batch adds no fee; the cheapest non-burstable EC2 type of
  the job's architecture with enough vCPUs and memory, at the EC2 Spot discount,
  per second with a 60 s minimum (:data:`lambdacost.core.aws.EC2_MINIMUM_BILLED_S`).
* ``ecs`` / ``eks``: container instances (the same EC2 type, on demand) kept
  running all month, as many as the job's average concurrency needs; EKS adds
  its control plane per cluster-hour.
* ``ec2``: an on-demand instance started for each run (per second, 60 s
  minimum), or for the whole month (730 h) with ``continuous``.

Burstable types (t3, t4g) are left out: a job at full CPU for longer than a few
minutes runs above their baseline. EBS volumes are not priced.
"""

from lambdacost.core.decide.decision import decide
from lambdacost.core.decide.model import (
    LABELS,
    SERVICES,
    Catalogue,
    Cheaper,
    DecideRates,
    Decision,
    FargateRates,
    Job,
    Option,
)
from lambdacost.core.decide.rules import lambda_memory_mb, step_count
from lambdacost.core.engine import SECONDS_PER_MONTH  # for ``--continuous`` (lambdacost.core.aws is its home)

__all__ = [
    "LABELS",
    "SECONDS_PER_MONTH",
    "SERVICES",
    "Catalogue",
    "Cheaper",
    "DecideRates",
    "Decision",
    "FargateRates",
    "Job",
    "Option",
    "decide",
    "lambda_memory_mb",
    "step_count",
]
