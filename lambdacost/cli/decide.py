"""``lambdacost decide``: where a job of a given shape should run, and what each choice costs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, priced, run
from lambdacost.cli.options import Architecture, FrontDoor, PricingOption, ReportFormat, ReportFormatOption
from lambdacost.core.aws import HOURS_PER_MONTH, LAMBDA_MB_PER_VCPU

if TYPE_CHECKING:
    from rich.console import RenderableType


DurationOption = Annotated[
    str | None,
    typer.Option(
        "--duration",
        "-d",
        help="How long one run takes: 90s, 40m, 2h, 1h30m. Not needed with --continuous.",
        show_default=False,
    ),
]
MemoryOption = Annotated[
    str, typer.Option("--memory", "-m", help="Memory the job needs: 512MB, 2GB (1 GB = 1,024 MB).")
]
VcpusOption = Annotated[
    str | None,
    typer.Option(
        "--vcpus",
        help="vCPUs the job needs (0.25 and up). Default: Lambda's share of its memory "
        f"(1 vCPU per {LAMBDA_MB_PER_VCPU:,} MB); 1 for containers and instances.",
        show_default=False,
    ),
]
RunsOption = Annotated[str, typer.Option("--runs", "-n", help="How often the job runs: 30 (a month), 30/month, 5/day.")]
ArchitectureOption = Annotated[Architecture, typer.Option("--architecture", "-a", help="CPU architecture.")]
StorageOption = Annotated[
    str, typer.Option("--storage", help="Local disk the job needs: 512MB (Lambda's included /tmp), 30GB.")
]
ChunkableOption = Annotated[
    bool, typer.Option("--chunkable/--no-chunkable", help="Whether the work can be split into independent steps.")
]
ContinuousOption = Annotated[
    bool, typer.Option("--continuous", help=f"A service that runs all the time ({HOURS_PER_MONTH} h a month).")
]
GpuOption = Annotated[bool, typer.Option("--gpu", help="The job needs a GPU.")]
WaitOption = Annotated[
    str,
    typer.Option(
        "--wait",
        help="How long one run waits for something outside it (an approval, a callback): 2h, 7d. "
        "Durable functions and Step Functions pay no compute while waiting; containers do.",
    ),
]
RegionOption = Annotated[str, typer.Option("--region", "-r", help="AWS region code.")]


def decide(
    duration: DurationOption = None,
    memory: MemoryOption = "2GB",
    vcpus: VcpusOption = None,
    runs: RunsOption = "1/month",
    architecture: ArchitectureOption = Architecture.x86_64,
    storage: StorageOption = "512MB",
    chunkable: ChunkableOption = True,
    continuous: ContinuousOption = False,
    gpu: GpuOption = False,
    wait: WaitOption = "0s",
    region: RegionOption = "us-east-1",
    format: ReportFormatOption = ReportFormat.table,
    pricing: PricingOption = None,
    front_door: Annotated[
        FrontDoor | None,
        typer.Option(
            "--front-door",
            help="What receives the job's request, if one does: warns where API Gateway's 29-second timeout cuts it off.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Where should a long-running job run? Checks Lambda's limits and prices every option that fits.

    Options: Lambda, Step Functions with Lambda steps, Lambda durable functions,
    Lambda MicroVMs (Arm, up to 8 h, five regions), Fargate, Fargate Spot, AWS Batch on EC2 Spot, ECS and EKS on EC2, plain EC2.
    """

    def action() -> RenderableType | str:
        from lambdacost.plan.decide import decide as plan_decide
        from lambdacost.render.decide import decide_output

        decision = plan_decide(
            duration,
            memory,
            vcpus,
            runs,
            architecture.value,
            storage,
            chunkable=chunkable,
            continuous=continuous,
            gpu=gpu,
            wait=wait,
            region=region,
            pricing=pricing,
            front_door=front_door.value if front_door is not None else None,
        )
        return decide_output(decision, format.value)

    emit(run(priced(action, pricing, format.value)))
