"""Distributed runs on a Dask cluster (here a 2-worker LocalCluster on 127.0.0.1)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import sim
from sim import experiment as ex
from sim.parallel import check_dask_workers, local_cluster

distributed = pytest.importorskip("distributed")

SMALL = {"accounts": {"count": 300}, "reps": {"count": 3}, "dealers": {"count": 3}, "horizon_months": 6,
         "replications": 2}
PAIR = ["no_care", "value_based"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """A loopback cluster of 2 single-thread worker processes (``local_cluster``), closed after the module."""
    trim = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    cluster = local_cluster(2, local_directory=str(tmp_path_factory.mktemp("dask")))
    assert os.environ.get("MALLOC_TRIM_THRESHOLD_") == trim  # not left in this process's environment
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _loaded() -> bool:
    import sys

    return {"sim.experiment", "sim.model.world", "sim.model.shocks"} <= set(sys.modules)


def test_workers_checked(client):
    """The workers are checked to run this version of CRM Dojo before tasks are sent, and warmed:
    each has imported what a run needs, so that no task pays for it (first test: nothing ran yet)."""
    assert check_dask_workers(client) == 2
    assert list(client.run(_loaded).values()) == [True, True]


def test_dask_matches_serial(client):
    """compare on a Dask cluster gives the same tables as serially."""
    sc = sim.scenario_from_dict(SMALL)
    a = ex.compare(sc, PAIR, progress=False)
    b = ex.compare(sc, PAIR, progress=False, client=client)
    for name in ("runs", "summary", "paired"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
