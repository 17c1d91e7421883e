"""Lambda MicroVMs: limits and the price of one run (``lambdacost decide``).

AWS Lambda pricing page (2026 copy; launched 2026-06-22): stateful Firecracker
VMs on Arm (Graviton) only, in five regions, each running up to 8 hours. A VM
has a baseline of memory with vCPU at 2 GB per vCPU (0.5 GB / 0.25 vCPU to
8 GB / 4 vCPU), billed per second for as long as it runs; it may burst to 4x its
baseline, and the extra resources are billed only while used. Launching reads
its snapshot (per GB). Rates are in ``pricing/services.yaml`` (``lambda_microvms``).

Imports numpy and the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from lambdacost.core import aws

#: Seconds in a billing month (730 hours), for snapshot storage per GB-month.
_SECONDS_PER_MONTH = float(aws.SECONDS_PER_MONTH)

#: Regions where Lambda MicroVMs run (launch announcement, 2026-06-22).
MICROVM_REGIONS = ("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1")
#: A MicroVM runs up to 8 hours.
MICROVM_MAX_S = 8.0 * aws.SECONDS_PER_HOUR
#: Baselines: memory in GB with vCPUs at 2 GB per vCPU.
MICROVM_BASELINE_GB = (0.5, 1.0, 2.0, 4.0, 8.0)
MICROVM_GB_PER_VCPU = 2.0
#: A VM bursts up to 4x its baseline.
MICROVM_BURST = 4.0


@dataclass(frozen=True)
class MicroVmRates:
    vcpu_second: float
    gb_second: float
    snapshot_read_gb: float
    snapshot_write_gb: float = 0.0
    snapshot_storage_gb_month: float = 0.0


class JobShape(Protocol):
    """What :func:`microvm_option` reads of a ``decide`` job."""

    @property
    def duration_s(self) -> float: ...

    @property
    def wait_s(self) -> float: ...

    @property
    def memory_gb(self) -> float: ...

    @property
    def architecture(self) -> str: ...

    @property
    def gpu(self) -> bool: ...

    @property
    def continuous(self) -> bool: ...

    @property
    def billed_runs(self) -> float: ...


@dataclass(frozen=True)
class MicroVmRun:
    """One run on a MicroVM: its baseline, what it is billed for, and the problems that rule it out."""

    baseline_gb: float
    baseline_vcpus: float
    billed_vcpus: float
    billed_gb: float
    problems: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.problems


def microvm_run(
    vcpus: float, memory_gb: float, seconds: float, architecture: str, region: str, gpu: bool
) -> MicroVmRun:
    """The smallest baseline that (with its 4x burst) holds the job, or why none does.

    The run is billed for ``max(need, baseline)`` vCPUs and GB: the baseline all the
    time, the burst above it for what the job uses (a job at full load uses it all).
    """
    problems = []
    if architecture != "arm64":
        problems.append("MicroVMs run on Arm (Graviton) only; the job is x86_64")
    if region not in MICROVM_REGIONS:
        problems.append(f"MicroVMs run in {', '.join(MICROVM_REGIONS)} only, not {region}")
    if gpu:
        problems.append("needs a GPU: MicroVMs have none")
    if seconds > MICROVM_MAX_S:
        problems.append("a MicroVM runs at most 8 hours")
    gbs = np.array(MICROVM_BASELINE_GB)
    holds = (gbs * MICROVM_BURST >= memory_gb) & (gbs / MICROVM_GB_PER_VCPU * MICROVM_BURST >= vcpus)
    if not holds.any():
        top = MICROVM_BASELINE_GB[-1] * MICROVM_BURST
        problems.append(
            f"needs {vcpus:g} vCPU and {memory_gb:g} GB: a MicroVM bursts to at most "
            f"{top / MICROVM_GB_PER_VCPU:g} vCPU and {top:g} GB"
        )
        base = MICROVM_BASELINE_GB[-1]
    else:
        base = float(gbs[int(np.argmax(holds))])
    base_vcpus = base / MICROVM_GB_PER_VCPU
    return MicroVmRun(base, base_vcpus, max(vcpus, base_vcpus), max(memory_gb, base), tuple(problems))


def microvm_run_cost(run: MicroVmRun, seconds: float, rates: MicroVmRates) -> dict[str, float]:
    """The line items of one run: vCPU-seconds, GB-seconds and the snapshot read at launch (its memory)."""
    return {
        "MicroVM vCPU": run.billed_vcpus * seconds * rates.vcpu_second,
        "MicroVM memory": run.billed_gb * seconds * rates.gb_second,
        "Snapshot read at launch": run.baseline_gb * rates.snapshot_read_gb,
    }


def microvm_option(
    job: JobShape, region: str, rates: MicroVmRates | None, *, vcpus: float
) -> tuple[list[str], str, dict[str, float] | None, bool, str | None]:
    """``decide``'s MicroVM option: (reasons, setup, monthly line items, fits, why it is not priced).

    A run uses one VM for its duration; while the job waits the VM is suspended
    (its state written to a snapshot, stored, and read back on resume).
    """
    run = microvm_run(vcpus, job.memory_gb, job.duration_s, job.architecture, region, job.gpu)
    reasons = list(run.problems)
    if job.continuous:
        reasons.append("runs all the time: a MicroVM runs at most 8 hours")
    fits = not reasons
    setup = f"{run.baseline_gb:g} GB / {run.baseline_vcpus:g} vCPU baseline"
    if not fits:
        return reasons, "-", None, False, None
    reasons.append(
        f"baseline {run.baseline_gb:g} GB / {run.baseline_vcpus:g} vCPU bursting to 4x; billed per second for "
        f"{run.billed_vcpus:g} vCPU and {run.billed_gb:g} GB while it runs; its snapshot read at launch"
    )
    if job.wait_s:
        reasons.append(
            f"suspended while it waits: {job.memory_gb:g} GB snapshot written, stored {job.wait_s / 3600:.3g} h, read on resume"
        )
    if rates is None:
        return reasons, setup, None, True, f"no MicroVM prices for {region}"
    runs = job.billed_runs
    items = {k: runs * v for k, v in microvm_run_cost(run, job.duration_s, rates).items()}
    if job.wait_s:
        gb = job.memory_gb
        items["Snapshot write and read (suspend, resume)"] = (
            runs * gb * (rates.snapshot_write_gb + rates.snapshot_read_gb)
        )
        items["Snapshot storage while suspended"] = (
            runs * gb * job.wait_s / _SECONDS_PER_MONTH * rates.snapshot_storage_gb_month
        )
    return reasons, setup, items, True, None
