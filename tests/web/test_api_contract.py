"""Contract: schemathesis fuzzes the whole OpenAPI description of /api/v1: no answer is a 5xx.
The publishing operations (incidents, countries, codebook, changes, exports, health) must also
answer only their documented status codes, content types and schemas."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade
from civicspace.web.app import create_app
from tests.support.publish_seed import seed

_DB = Path(tempfile.mkdtemp(prefix="civicspace-contract-")) / "contract.db"
_ENGINE = make_engine(f"sqlite:///{_DB}")
upgrade(_ENGINE)
seed(_ENGINE)
APP = create_app(Settings(database_url=f"sqlite:///{_DB}"), _ENGINE)

PUBLISHING = tuple(
    f"/api/v1/{p}"
    for p in ("incidents", "countries", "home", "codebook", "changes", "exports", "health")
)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_contract(case: schemathesis.Case) -> None:
    strict = case.operation.path.startswith(PUBLISHING)
    checks = [schemathesis.checks.not_a_server_error]
    if strict:
        checks += [status_code_conformance, content_type_conformance, response_schema_conformance]
    case.call_and_validate(checks=checks)
