"""Moving the yearly review's models from undertakings to reviews keeps every row, the history
kept by simple-history, and the content types that permissions and the admin's log point at."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("undertakings", "0002_annual_review"), ("reviews", None)]
AFTER = [("undertakings", "0003_review_models_moved_to_reviews"), ("reviews", "0002_tables_and_content_types")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.fixture
def before_the_move():
    apps = migrate(BEFORE)
    yield apps
    migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_review_rows_history_and_content_types_survive_the_move(before_the_move):
    apps = before_the_move
    compact = apps.get_model("undertakings", "Compact").objects.create(name="Riverside", slug="riverside")
    edition = apps.get_model("undertakings", "Edition").objects.create(compact=compact, label="2026")
    organisation = apps.get_model("signatories", "Organisation").objects.create(
        compact=compact, name="Food bank", slug="food-bank", sector="vcs", status="signed"
    )
    assessment_round = apps.get_model("undertakings", "AssessmentRound").objects.create(
        compact=compact, edition=edition, year=2026, opens_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 4, 1)
    )
    apps.get_model("undertakings", "Assessment").objects.create(round=assessment_round, organisation=organisation)
    action = apps.get_model("undertakings", "Action").objects.create(
        compact=compact, title="Train champions", year_agreed=2026
    )
    apps.get_model("undertakings", "Milestone").objects.create(
        action=action, title="First session", due_on=dt.date(2026, 6, 1)
    )
    apps.get_model("undertakings", "AnnualReview").objects.create(
        compact=compact, year=2025, operation="Met four times"
    )
    apps.get_model("undertakings", "HistoricalAction").objects.create(
        id=action.pk,
        compact_id=compact.pk,
        title="Train champions",
        year_agreed=2026,
        status="not_started",
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        history_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        history_type="+",
    )
    content_types = apps.get_model("contenttypes", "ContentType")
    action_type = content_types.objects.get_or_create(app_label="undertakings", model="action")[0]
    permission = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=action_type, codename="change_action", defaults={"name": "Can change action plan action"}
    )[0]

    apps = migrate(AFTER)

    assert apps.get_model("reviews", "AssessmentRound").objects.get().year == 2026
    assert apps.get_model("reviews", "Assessment").objects.get().organisation_id == organisation.pk
    moved = apps.get_model("reviews", "Action").objects.get()
    assert moved.title == "Train champions" and moved.milestones.get().title == "First session"
    assert apps.get_model("reviews", "AnnualReview").objects.get().operation == "Met four times"
    assert apps.get_model("reviews", "HistoricalAction").objects.get().title == "Train champions"
    assert content_types.objects.get(pk=action_type.pk).app_label == "reviews"
    assert apps.get_model("auth", "Permission").objects.get(pk=permission.pk).content_type_id == action_type.pk
    tables = connection.introspection.table_names()
    assert "reviews_action" in tables and "reviews_historicalaction" in tables
    assert "undertakings_action" not in tables
