"""The README's backup and restore, done: pg_dump of a database with a compact, organisations,
a breach concern and its document, the uploads folder archived beside it; both restored into a
fresh database and folder, and the rows and the document are all there."""

import secrets
import shutil
import subprocess
import tarfile

import pytest
from django.db import connection

from disputes import services
from disputes.models import Attachment, Case
from signatories.models import Organisation, User
from tests.disputes import helpers

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

COUNTED = [
    "signatories_user",
    "signatories_organisation",
    "signatories_membership",
    "undertakings_compact",
    "undertakings_undertaking",
    "disputes_case",
    "disputes_attachment",
    "django_migrations",
]


@pytest.fixture
def postgres_tools():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are of PostgreSQL (set DATABASE_URL)")
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not on PATH (apt-get install postgresql-client)")


def _connection_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    return args, {"PGPASSWORD": db["PASSWORD"] or "", "PATH": "/usr/bin:/bin:/usr/local/bin"}


def _counts(cursor) -> dict:
    found = {}
    for table in COUNTED:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - our own table names
        found[table] = cursor.fetchone()[0]
    return found


def test_a_dump_restored_into_a_fresh_database_has_every_row_and_document(
    case, vcs_admin, settings, tmp_path, postgres_tools
):
    import psycopg2

    services.add_attachments(case=case, by=vcs_admin, files=[helpers.pdf("minutes.pdf")])
    with connection.cursor() as cursor:
        before = _counts(cursor)
    assert before["disputes_case"] == 1 and before["disputes_attachment"] == 1

    args, env = _connection_env()
    dump = tmp_path / "compact_portal.dump"
    subprocess.run(
        ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(dump), connection.settings_dict["NAME"]],
        env=env,
        check=True,
        timeout=300,
    )
    with tarfile.open(tmp_path / "uploads.tar.gz", "w:gz") as archive:
        archive.add(settings.MEDIA_ROOT, arcname="uploads")

    restored = f"{connection.settings_dict['NAME']}_restored_{secrets.token_hex(3)}"
    subprocess.run(["createdb", *args, restored], env=env, check=True, timeout=60)
    try:
        subprocess.run(
            ["pg_restore", *args, "--no-owner", "--exit-on-error", "--dbname", restored, str(dump)],
            env=env,
            check=True,
            timeout=300,
        )
        restored_media = tmp_path / "restored"
        with tarfile.open(tmp_path / "uploads.tar.gz") as archive:
            archive.extractall(restored_media, filter="data")

        db = connection.settings_dict
        other = psycopg2.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"] or "postgres",
            password=db["PASSWORD"] or None,
            dbname=restored,
        )
        try:
            with other.cursor() as cursor:
                assert _counts(cursor) == before
                cursor.execute("SELECT what_happened FROM disputes_case WHERE id = %s", [case.pk])
                assert cursor.fetchone()[0] == Case.objects.get().what_happened
                cursor.execute("SELECT name FROM signatories_organisation ORDER BY id")
                assert [row[0] for row in cursor.fetchall()] == list(
                    Organisation.objects.order_by("id").values_list("name", flat=True)
                )
                cursor.execute("SELECT password FROM signatories_user WHERE email = %s", [vcs_admin.email])
                assert cursor.fetchone()[0] == User.objects.get(pk=vcs_admin.pk).password
                cursor.execute("SELECT file FROM disputes_attachment")
                stored_name = cursor.fetchone()[0]
        finally:
            other.close()
        assert stored_name == Attachment.objects.get().file.name
        assert (restored_media / "uploads" / stored_name).read_bytes() == helpers.PDF
    finally:
        subprocess.run(["dropdb", *args, "--force", "--if-exists", restored], env=env, check=True, timeout=60)
