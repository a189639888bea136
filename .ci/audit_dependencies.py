"""CI dependency audit: pip-audit over the pinned requirements.txt, saying clearly what it could check.

pip-audit asks a vulnerability service about every pin (PyPI's JSON API, else OSV). Where the
service cannot be reached (an offline mirror answers 404, no DNS), pip-audit itself would
report "No known vulnerabilities found" while auditing nothing; this script counts what was
really audited and says so. Exit codes: 1 when a vulnerability is found; 0 otherwise, also
when nothing could be audited (with a loud notice), unless CROCOOS_REQUIRE_DEPENDENCY_AUDIT=1.
"""

import json
import os
import subprocess  # nosec B404
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("pypi", "osv")


def run(service):
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", "requirements.txt", "--no-deps", "--disable-pip",
        "--progress-spinner", "off", "--format", "json", "--vulnerability-service", service,
    ]  # fmt: skip
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603  # nosec B603
    except subprocess.TimeoutExpired:
        return None, "timed out"
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, last[:200]
    return report, ""


def main():
    reasons = []
    for service in SERVICES:
        report, problem = run(service)
        if report is None:
            reasons.append(f"{service}: {problem}")
            continue
        dependencies = report.get("dependencies", [])
        audited = [dep for dep in dependencies if not dep.get("skip_reason")]
        if not audited:
            reasons.append(f"{service}: none of {len(dependencies)} dependencies found (service unreachable?)")
            continue
        vulnerable = [dep for dep in audited if dep.get("vulns")]
        print(f"pip-audit ({service}): {len(audited)} of {len(dependencies)} pinned dependencies audited, "
              f"{sum(len(dep['vulns']) for dep in vulnerable)} known vulnerabilities")  # fmt: skip
        for dep in dependencies:
            if dep.get("skip_reason"):
                print(f"  not audited: {dep['name']} {dep.get('version', '')}: {dep['skip_reason']}")
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
                print(f"  VULNERABLE {dep['name']}=={dep['version']}: {vuln['id']} (fixed in: {fixed})")
        return 1 if vulnerable else 0
    print("!" * 78)
    print("DEPENDENCY AUDIT NOT DONE: pip-audit could not reach a vulnerability service from here.")
    for reason in reasons:
        print(f"  {reason}")
    print("The pins in requirements.txt were NOT checked for known vulnerabilities.")
    print("Run .ci/audit_dependencies.py where pypi.org or api.osv.dev is reachable.")
    print("!" * 78)
    return 1 if os.environ.get("CROCOOS_REQUIRE_DEPENDENCY_AUDIT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
