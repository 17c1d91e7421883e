"""AWS's fixed numbers: the one home of every limit and convention lambdacost uses.

Rates are not here: they live in the price tables under ``pricing/``. What is
here is what AWS documents as a limit or a billing convention, the same in
every region (AWS Lambda "Lambda quotas", "Configuring function memory",
"Lambda scaling behavior"; AWS Step Functions and Fargate quotas). Imported by
``core``, ``plan`` and ``schema``; it imports nothing.
"""

from __future__ import annotations

from typing import Final

# ---------------------------------------------------------------- time

#: Hours in a billing month (AWS's and Infracost's convention).
HOURS_PER_MONTH: Final = 730
SECONDS_PER_HOUR: Final = 3_600
SECONDS_PER_MONTH: Final = HOURS_PER_MONTH * SECONDS_PER_HOUR
HOURS_PER_DAY: Final = 24
SECONDS_PER_DAY: Final = HOURS_PER_DAY * SECONDS_PER_HOUR
#: The hours of the longest month, 31 days (AWS's SnapStart example bills 24 x 31 hours).
HOURS_PER_LONGEST_MONTH: Final = 31 * HOURS_PER_DAY
#: Days in a billing month (730 / 24 = 30.4).
DAYS_PER_MONTH: Final = HOURS_PER_MONTH / HOURS_PER_DAY
#: GB = MB / 1,024 (AWS bills binary gigabytes).
MB_PER_GB: Final = 1_024

# ---------------------------------------------------------------- Lambda limits

#: Lambda's hard timeout; a run that reaches it is killed ("Task timed out after 900.00 seconds").
LAMBDA_TIMEOUT_S: Final = 900
#: Memory a function can be configured with.
LAMBDA_MIN_MEMORY_MB: Final = 128
LAMBDA_MAX_MEMORY_MB: Final = 10_240
#: Ephemeral storage (/tmp): 512 MB are included with every function, 10,240 MB at most.
LAMBDA_INCLUDED_TMP_MB: Final = 512
LAMBDA_MAX_TMP_MB: Final = 10_240
#: At 1,769 MB a function has the equivalent of one vCPU ...
LAMBDA_MB_PER_VCPU: Final = 1_769
#: ... and at most 6 vCPUs (at 10,240 MB).
LAMBDA_MAX_VCPUS: Final = 6
#: The INIT phase of a cold start times out after 10 s.
LAMBDA_INIT_TIMEOUT_S: Final = 10
#: Lambda@Edge origin-request and origin-response functions time out at 30 s.
EDGE_TIMEOUT_S: Final = 30
#: Concurrent executions per account and region unless AWS raised it.
DEFAULT_ACCOUNT_CONCURRENCY: Final = 1_000
#: AWS keeps at least this much of the account's concurrency unreserved.
MIN_UNRESERVED_CONCURRENCY: Final = 100
#: Each function can add this many execution environments ...
SCALE_STEP_ENVIRONMENTS: Final = 1_000
#: ... every this many seconds (since late 2023).
SCALE_STEP_SECONDS: Final = 10

# ---------------------------------------------------------------- Lambda billing conventions

#: Provisioned concurrency is billed for its enabled time rounded up to 5 minutes.
PC_BILLING_INCREMENT_S: Final = 300
#: SnapStart bills a cached version for at least this many hours.
SNAPSTART_MIN_CACHE_HOURS: Final = 3

# ---------------------------------------------------------------- other services' limits

#: A Standard Step Functions workflow runs up to one year.
STEP_FUNCTIONS_MAX_S: Final = 365 * SECONDS_PER_DAY
#: A Lambda durable execution lasts up to 366 days.
DURABLE_MAX_S: Final = 366 * SECONDS_PER_DAY
#: Fargate task ephemeral storage tops out at 200 GiB.
FARGATE_MAX_STORAGE_GB: Final = 200
#: EC2 Linux instances are billed per second with a 60 s minimum (no price table holds it).
EC2_MINIMUM_BILLED_S: Final = 60
#: Spot capacity is reclaimed with this much warning.
SPOT_WARNING_S: Final = 120
