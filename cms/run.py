"""`make run`: the web server, a Celery worker and beat in one command, for a laptop.

Production runs them as separate containers (docker-compose.yml); here one
process starts all three and stops them together on Ctrl+C.
"""

import argparse
import os
import signal
import subprocess
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--no-worker", action="store_true", help="web server only")
    args = parser.parse_args(argv)

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.dev")}
    python = sys.executable
    commands = [[python, "manage.py", "runserver", "--noreload", f"{args.host}:{args.port}"]]
    if not args.no_worker:
        commands.append([python, "-m", "celery", "-A", "publishing", "worker", "--beat", "-Q", "celery,deliveries",
                         "--loglevel", "WARNING", "--concurrency", "2",
                         "--schedule", os.path.join("data", "celerybeat-schedule")])
        # Stand-ins for the provincial portals and Facebook, where seed_demo points the demo destinations.
        commands.append([python, "-m", "channels.portal.receiver", "--port", "8010",
                         "--default-secret", "demo-portal-secret"])
        commands.append([python, "-m", "channels.facebook.double", "--port", "8020", "--demo"])
        commands.append([python, "-m", "channels.youtube.standin", "--port", "8040"])
    processes = [subprocess.Popen(command, env=env) for command in commands]
    print(f"\nVSS Publisher: admin on http://{args.host}:{args.port}/admin/ "
          f"(logins above; Ctrl+C stops web, worker and beat)\n"
          f"Demo portals on http://127.0.0.1:8010/<province>/, demo Facebook posts on http://127.0.0.1:8020/posts/<id>\n",
          flush=True)

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while True:
        for process in processes:
            if process.poll() is not None:
                print(f"{' '.join(process.args[:4])} exited with {process.returncode}; stopping", flush=True)
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
