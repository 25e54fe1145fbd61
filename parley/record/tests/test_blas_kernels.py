"""A published analysis verifies on a computer whose BLAS kernels differ from the publisher's.

OpenBLAS picks its kernels by CPU when it loads; OPENBLAS_CORETYPE forces a choice, so four
processes stand in for four computers. The dialogue is the one the issue measured (800
participants, 90 statements, 30,000 votes); seed 1 is the first whose analysis had another SHA-256
under Sandybridge and Prescott than under Haswell and Nehalem, with engine 1.1.0 (seeds 0 and 2-11
gave one hash) and still with 1.2.0, whose discrete decisions no longer depend on the kernel but
whose opinion-map coordinates still move in the last digits.
"""

import hashlib
import json
import os
import platform
import subprocess
import sys
from itertools import permutations
from pathlib import Path

import numpy as np
import pytest

from parley.record.analysis_check import compare_analyses
from parley.record.tests.blas_kernels import generated_record, published_bundle

KERNELS = ("Haswell", "Sandybridge", "Nehalem", "Prescott")
SEED = 1


def can_switch_kernels() -> bool:
    """OpenBLAS with kernels for several CPUs, on an x86-64 CPU that runs all four (AVX2 and FMA)."""
    blas = np.__config__.CONFIG["Build Dependencies"]["blas"]
    if platform.machine() != "x86_64" or "DYNAMIC_ARCH" not in str(blas.get("openblas configuration", "")):
        return False
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8").split()
    except OSError:
        return False
    return "avx2" in flags and "fma" in flags


def run_with_kernel(kernel: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, OPENBLAS_CORETYPE=kernel, OPENBLAS_NUM_THREADS="1")
    # With OPENBLAS_L2_SIZE set, OpenBLAS's Prescott kernel crashes (segmentation fault).
    env.pop("OPENBLAS_L2_SIZE", None)
    command = [sys.executable, "-m", "parley.record.tests.blas_kernels", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finished(processes: dict[str, subprocess.Popen]) -> dict[str, tuple[int, str]]:
    return {key: (p.wait(timeout=120), p.stdout.read() if p.stdout else "") for key, p in processes.items()}


@pytest.mark.slow
@pytest.mark.skipif(not can_switch_kernels(), reason="needs x86-64 with AVX2 and numpy's OpenBLAS of several kernels")
def test_an_analysis_published_under_one_openblas_kernel_verifies_under_every_other(tmp_path: Path):
    record = generated_record(SEED)
    (tmp_path / "record.jsonl").write_bytes(b"".join(entry + b"\n" for entry in record.entries))
    runs = finished(
        {k: run_with_kernel(k, "analyse", str(tmp_path / "record.jsonl"), str(tmp_path / f"{k}.json")) for k in KERNELS}
    )
    assert all(code == 0 for code, _ in runs.values()), runs
    texts = {k: (tmp_path / f"{k}.json").read_text(encoding="utf-8") for k in KERNELS}

    # (a) The bytes differ between kernels, so a byte-for-byte check would fail on some computers.
    digests = {k: hashlib.sha256(text.encode("utf-8")).hexdigest() for k, text in texts.items()}
    assert len(set(digests.values())) > 1, f"seed {SEED} no longer shows kernels disagreeing: {digests}"

    # (b) Field by field, every kernel's analysis agrees with every other's.
    for published, rerun in permutations(KERNELS, 2):
        comparison = compare_analyses(json.loads(texts[published]), json.loads(texts[rerun]))
        assert comparison.ok, f"{published} vs {rerun}: {comparison.problem}"

    # And end to end, each kernel once (two processes, to keep the test short): a bundle published
    # under one kernel verifies under another whose hash differed.
    verifying = {}
    for publisher, verifier in (("Haswell", "Sandybridge"), ("Prescott", "Nehalem")):
        bundle = tmp_path / f"{publisher}.zip"
        environment = json.loads((tmp_path / f"{publisher}.json.environment").read_text(encoding="utf-8"))
        bundle.write_bytes(published_bundle(record, texts[publisher], environment))
        verifying[f"{publisher} verified under {verifier}"] = run_with_kernel(verifier, "verify", str(bundle))
    reports = finished(verifying)
    assert all(code == 0 for code, _ in reports.values()), reports
    assert any("within tolerance" in output for _, output in reports.values()), reports
    # Where the bytes differ, the report names both computers' libraries (OpenBLAS calls Prescott "Katmai").
    output = reports["Haswell verified under Sandybridge"][1]
    assert "within tolerance" in output and "all checks hold" in output, output
    assert "published with numpy" in output and "(Haswell)" in output, output
    assert "re-run here with numpy" in output and "(Sandybridge)" in output, output
