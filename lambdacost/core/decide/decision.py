"""The decision: every option checked and priced, the guide's pick by duration, cheaper options, notes."""

from __future__ import annotations

from lambdacost.core.aws import LAMBDA_MB_PER_VCPU
from lambdacost.core.decide.containers import fargate_options
from lambdacost.core.decide.instances import batch_spot_option, choose_instance, cluster_options, ec2_option
from lambdacost.core.decide.lambda_options import durable_option, lambda_items, lambda_option, step_functions_option
from lambdacost.core.decide.model import (
    CHEAPER_THRESHOLD,
    DEFAULT_CONTAINER_VCPUS,
    FALLBACK,
    GUIDE_LAMBDA_BELOW_S,
    GUIDE_STEP_FUNCTIONS_UP_TO_S,
    SERVICES,
    Cheaper,
    DecideRates,
    Decision,
    Job,
    Option,
    make_option,
)
from lambdacost.core.decide.rules import lambda_memory_mb, step_count
from lambdacost.core.engine import HOURS_PER_MONTH
from lambdacost.core.microvm import microvm_option


def price_options(job: Job, rates: DecideRates) -> dict[str, Option]:
    """Every option, checked against its limits and priced where it fits."""
    memory_mb, steps = lambda_memory_mb(job), step_count(job)
    items = lambda_items(job, rates, memory_mb, steps)
    inst = choose_instance(job, rates)
    options = [
        lambda_option(job, rates, memory_mb, items),
        step_functions_option(job, rates, memory_mb, steps, items),
        durable_option(job, rates, memory_mb, steps, items),
        make_option(
            "lambda-microvm",
            job.billed_runs,
            *microvm_option(job, rates.region, rates.microvm, vcpus=job.container_vcpus),
        ),
        *fargate_options(job, rates),
        batch_spot_option(job, rates, inst),
        *cluster_options(job, rates, inst),
        ec2_option(job, inst),
    ]
    return {o.service: o for o in options}


def guide(job: Job) -> tuple[str, str]:
    """The guide's choice by duration (public example 5) and the band that led to it."""
    if job.continuous:
        return "ecs", "always running -> ECS or EKS"
    if job.wait_s > 0 and job.duration_s + job.wait_s >= GUIDE_LAMBDA_BELOW_S:
        return "lambda-durable", "waits for something outside it -> durable functions (no compute while waiting)"
    if job.duration_s < GUIDE_LAMBDA_BELOW_S:
        return "lambda", "under 15 minutes -> Lambda"
    if job.duration_s <= GUIDE_STEP_FUNCTIONS_UP_TO_S and job.chunkable:
        return "step-functions", "15 to 30 minutes, chunkable -> Step Functions with several Lambdas"
    if job.duration_s <= GUIDE_STEP_FUNCTIONS_UP_TO_S:
        return "fargate", "15 to 30 minutes, not chunkable -> Fargate or AWS Batch"
    return "fargate", "30 minutes to hours -> Fargate or AWS Batch"


def pick(options: dict[str, Option], choice: str, band: str) -> tuple[str, list[str]]:
    """The guide's choice if it fits, else the next that does; and why."""
    why = [f"the guide by duration: {band}"]
    chosen = next((s for s in FALLBACK[choice] if options[s].feasible), "ec2")
    if chosen != choice:
        why.append(f"{choice} does not fit: {'; '.join(r for r in options[choice].reasons)}")
        for skipped in FALLBACK[choice][1 : FALLBACK[choice].index(chosen)]:
            why.append(f"{skipped} does not fit either")
        why.append(f"next choice that fits: {chosen}")
    elif choice == "fargate":
        why.append("Fargate rather than Batch: no cluster or queue to run (lower operational complexity)")
    elif choice == "ecs":
        why.append("ECS rather than EKS: no control plane fee, no Kubernetes to run")
    return chosen, why


def cheaper_options(options: dict[str, Option], chosen: str) -> list[Cheaper]:
    """Feasible options at least :data:`CHEAPER_THRESHOLD` cheaper than the recommendation, cheapest first."""
    cheaper: list[Cheaper] = []
    rec_cost = options[chosen].monthly_cost
    if rec_cost is not None and rec_cost > 0:
        for o in options.values():
            cost = o.monthly_cost
            if o.service != chosen and o.feasible and cost is not None and cost <= (1.0 - CHEAPER_THRESHOLD) * rec_cost:
                cheaper.append(Cheaper(o.service, cost, 1.0 - cost / rec_cost))
        cheaper.sort(key=lambda c: c.monthly_cost)
    return cheaper


def notes(job: Job) -> list[str]:
    """What the whole decision assumes."""
    out = ["No free tier is applied (the question is what this one job costs)."]
    if job.continuous:
        out.append(
            f"--continuous: priced as a service running all month ({HOURS_PER_MONTH:g} h); "
            "--duration and --runs are not used."
        )
    if job.vcpus is None:
        mem = lambda_memory_mb(job)
        out.append(
            f"vCPUs not given: Lambda gets {mem / LAMBDA_MB_PER_VCPU:.2f} vCPU from its {mem:,} MB, "
            f"containers and instances {DEFAULT_CONTAINER_VCPUS:g} vCPU."
        )
    out.append("The job's duration is taken as the same everywhere; a different CPU share would change it.")
    if job.gpu:
        out.append(
            "GPU: only EC2-based options (AWS Batch, ECS/EKS on EC2, EC2) can run it; "
            "GPU instance prices are not in the tables, so those are not priced."
        )
    return out


def decide(job: Job, rates: DecideRates) -> Decision:
    """Check every option against its limits, price those that fit, and pick one."""
    options = price_options(job, rates)
    choice, band = guide(job)
    chosen, why = pick(options, choice, band)
    return Decision(
        job=job,
        lambda_memory_mb=lambda_memory_mb(job),
        recommendation=chosen,
        guide_choice=choice,
        guide_band=band,
        why=tuple(why),
        options=tuple(options[s] for s in SERVICES),
        cheaper=tuple(cheaper_options(options, chosen)),
        steps=step_count(job),
        notes=tuple(notes(job)),
        rates=rates,
    )
