"""The 2026 workload keys: what they accept, and one clear error line for bad values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lambdacost.errors import InputFileError
from lambdacost.io import loader

HEAD = "name: w\nfunctions:\n  - name: api\n    memory: 2GB\n    duration: 500ms\n    requests: 3M\n"


def error_of(write_file: Callable[[str, str], Path], text: str) -> str:
    path = write_file("w.yaml", text)
    with pytest.raises(InputFileError) as exc:
        loader.load_workload(path)
    line = exc.value.one_line()
    assert str(path) in line
    return line


def test_every_new_key_loads(write_file: Callable[[str, str], Path]) -> None:
    text = (
        "name: w\nfree_tier: {streaming_gb: 0, requests: 500k}\n"
        "discounts: {lambda: 17%, ec2: 0.72, fargate: 50%}\n"
        "functions:\n"
        "  - name: api\n    memory: 2GB\n    architecture: arm64\n    duration: 200ms\n    requests: 100M\n"
        "    managed_instances: {instance_type: m7g.xlarge, instance_hours: 2000, hourly_rate: 0.0457}\n"
        "    async_event_size: 300KB\n"
        "    event_source: {type: sqs, epu_hours: 1460}\n"
        "  - name: claims\n    memory: 1GB\n    duration: 32s\n    requests: 1M\n"
        "    durable: {operations_per_execution: 4, invocations_per_execution: 2,"
        " data_written_per_execution: 104KB, running_days: 7}\n"
        "    tenant_isolation: {environments_per_month: 200k}\n"
        "    response_streaming: {response_size: 7MB, responses: 500k}\n"
        "  - name: web\n    memory: 1GB\n    duration: 100ms\n    requests: 1M\n"
        "    provisioned_concurrency: {count: 2, hours_per_month: 744}\n"
    )
    wl = loader.load_workload(write_file("w.yaml", text))
    api, claims, web = wl.functions
    assert api.managed_instances is not None and api.managed_instances.instance_hours == 2000
    assert api.async_event_size == 300
    assert claims.durable is not None and claims.durable.data_written_per_execution == 104
    assert claims.durable.retention_days == 14  # AWS's default
    assert claims.tenant_isolation is not None and claims.tenant_isolation.environments_per_month == 200_000
    assert claims.response_streaming is not None and claims.response_streaming.response_size == 7
    assert web.provisioned_concurrency is not None and web.provisioned_concurrency.hours_per_month == 744
    assert wl.discounts is not None and wl.discounts.rates() == {"lambda": 0.17, "ec2": 0.72, "fargate": 0.5}
    assert not isinstance(wl.free_tier, bool) and wl.free_tier.streaming_gb == 0


@pytest.mark.parametrize(
    ("extra", "field", "line", "words"),
    [
        (
            "    response_streaming: {response_size: -7MB}\n",
            "functions[0].response_streaming.response_size",
            7,
            "negative",
        ),
        (
            "    response_streaming: {response_size: 250MB}\n",
            "functions[0].response_streaming.response_size",
            7,
            "200 MB",
        ),
        (
            "    response_streaming: {response_size: 9MB}\n",
            "functions[0].response_streaming.response_size",
            7,
            "2 MB/s",
        ),
        (
            "    response_streaming: {response_size: 7MB, responses: 4M}\n",
            "functions[0].response_streaming.responses",
            7,
            "more than",
        ),
        ("    async_event_size: 2MB\n", "functions[0].async_event_size", 7, "1 MB"),
        ("    async_event_size: -1KB\n", "functions[0].async_event_size", 7, "negative"),
        (
            "    durable: {operations_per_execution: 4, retention_days: 120}\n",
            "functions[0].durable.retention_days",
            7,
            "1 to 90",
        ),
        (
            "    durable: {operations_per_execution: 4, data_written_per_execution: -4KB}\n",
            "functions[0].durable.data_written_per_execution",
            7,
            "negative",
        ),
        (
            "    edge: true\n    managed_instances: {instance_type: m7g.xlarge}\n",
            "functions[0].managed_instances",
            8,
            "Lambda@Edge",
        ),
        (
            "    managed_instances: {instance_type: m7g.xlarge, memory_per_vcpu: 4}\n",
            "functions[0].managed_instances.memory_per_vcpu",
            7,
            "4,096 MB",
        ),
        (
            "    managed_instances: {instance_type: m7g.xlarge}\n    snapstart: {}\n",
            "functions[0].managed_instances",
            7,
            "SnapStart",
        ),
        (
            "    managed_instances: {instance_type: 'm7g xlarge'}\n",
            "functions[0].managed_instances.instance_type",
            7,
            "pattern",
        ),
        (
            "    tenant_isolation: {environments_per_month: -5}\n",
            "functions[0].tenant_isolation.environments_per_month",
            7,
            "0 or more",
        ),
        (  # AWS CDK, TenancyConfig: incompatible with provisioned concurrency and SnapStart
            "    tenant_isolation: {environments_per_month: 100}\n    provisioned_concurrency: {count: 2}\n",
            "functions[0].tenant_isolation",
            7,
            "cannot be combined with provisioned concurrency",
        ),
        (
            "    tenant_isolation: {environments_per_month: 100}\n    snapstart: {}\n",
            "functions[0].tenant_isolation",
            7,
            "cannot be combined with SnapStart",
        ),
        ("    event_source: {type: kinesis, epu_hours: 5}\n", "functions[0].event_source.type", 7, "kinesis"),
        (
            "    provisioned_concurrency: {count: 1, hours_per_month: 745}\n",
            "functions[0].provisioned_concurrency.hours_per_month",
            7,
            "744",
        ),
    ],
)
def test_bad_values_get_one_line_naming_file_field_and_line(
    write_file: Callable[[str, str], Path], extra: str, field: str, line: int, words: str
) -> None:
    msg = error_of(write_file, HEAD + extra)
    assert f"{field} (line {line})" in msg
    assert words in msg


def test_bad_workload_discount(write_file: Callable[[str, str], Path]) -> None:
    msg = error_of(write_file, "name: w\ndiscounts: {lambda: 100%}\n" + HEAD.split("\n", 1)[1])
    assert "discounts.lambda (line 2)" in msg and "below 100%" in msg
