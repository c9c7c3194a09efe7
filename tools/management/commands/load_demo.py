from django.core.management.base import BaseCommand

from tools import demo


class Command(BaseCommand):
    help = "Load the demo compact, organisations and one login per role (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo login")

    def handle(self, *args, password, **options):
        logins = demo.load(password)
        for login in logins:
            self.stdout.write(f"  {login.role:<26} {login.email:<32} password: {password}")
