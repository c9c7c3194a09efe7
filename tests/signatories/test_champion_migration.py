"""Moving each organisation's single Compact champion into champion records keeps the person
and the training date, and going back puts them on the organisation again."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# The compacts as they are now (their admitted groups), with the organisations before the move.
COMPACTS = ("undertakings", "0006_champion_training_and_board_term_rules")
BEFORE = [("signatories", "0016_board_seats_self_review_and_champions"), COMPACTS]
AFTER = [("signatories", "0018_remove_organisation_single_champion"), COMPACTS]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_move():
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_single_champion_becomes_a_champion_with_a_training_record(before_the_move):
    apps = before_the_move
    compact = apps.get_model("undertakings", "Compact").objects.create(name="Riverside", slug="riverside")
    User = apps.get_model("signatories", "User")
    trained, untrained = User.objects.create(email="t@example.org"), User.objects.create(email="u@example.org")
    Organisation = apps.get_model("signatories", "Organisation")

    def organisation(name, **champion):
        return Organisation.objects.create(
            compact=compact, name=name, slug=name.lower(), sector="vcs", status="signed", **champion
        )

    food_bank = organisation("Foodbank", champion=trained, champion_trained_on=dt.date(2026, 3, 1))
    youth_club = organisation("Youthclub", champion=untrained)
    organisation("Nobody")

    apps = migrate(AFTER)
    Champion = apps.get_model("signatories", "Champion")
    assert sorted(Champion.objects.values_list("organisation_id", "user_id", "department")) == [
        (food_bank.pk, trained.pk, ""),
        (youth_club.pk, untrained.pk, ""),
    ]
    trainings = apps.get_model("signatories", "ChampionTraining").objects.values_list("champion__user_id", "trained_on")
    assert list(trainings) == [(trained.pk, dt.date(2026, 3, 1))]

    apps = migrate(BEFORE)
    back = apps.get_model("signatories", "Organisation").objects.get(pk=food_bank.pk)
    assert (back.champion_id, back.champion_trained_on) == (trained.pk, dt.date(2026, 3, 1))
