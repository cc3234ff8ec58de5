#!/usr/bin/env python3
"""Helper of whereami.sh: read whereami's JSON, and compare it with facts
read from /proc/self by the same process (facts.sh).

  whereami_check.py field JSON NAME    print one derived field
  whereami_check.py agree JSON FACTS   print "agree", or what differs
"""
import json
import sys


def field(doc, name):
    init = doc.get("init") or {}
    if name == "differs_from_start":
        return " ".join(n["type"] for n in doc["namespaces"] if n["differs_from_start"])
    if name == "differs_from_host":
        return " ".join(n["type"] for n in doc["namespaces"] if n["differs_from_host"])
    if name == "nstgid_shape":
        return "%d %d" % (len(doc["nstgid"]), doc["nstgid"][-1])
    if name == "nstgid":
        return " ".join(str(p) for p in doc["nstgid"])
    if name == "init_is_self":
        return str(init.get("pid") == doc["pid"])
    if name == "init_pid":
        return str(init.get("pid"))
    if name == "pid_inode":
        return str([n["inode"] for n in doc["namespaces"] if n["type"] == "pid"][0])
    return str(doc[name])


def agree(doc, facts_path):
    facts = {"ns": {}, "uid_map": []}
    with open(facts_path) as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            if words[0] == "ns":
                facts["ns"][words[1]] = int(words[2])
            elif words[0] == "nstgid":
                facts["nstgid"] = [int(w) for w in words[1:]]
            elif words[0] in ("getpid", "procself"):
                facts[words[0]] = int(words[1])
            elif words[0] == "uid_map":
                facts["uid_map"].append([int(w) for w in words[1:4]])
    problems = []
    for n in doc["namespaces"]:
        if facts["ns"].get(n["type"]) != n["inode"]:
            problems.append("%s: %s != %s" % (n["type"], n["inode"], facts["ns"].get(n["type"])))
    if facts.get("nstgid") != doc["nstgid"]:
        problems.append("nstgid %s != %s" % (doc["nstgid"], facts.get("nstgid")))
    if doc["depth"] != len(doc["nstgid"]) - 1:
        problems.append("depth %s" % doc["depth"])
    if facts["uid_map"] != doc["uid_map"]:
        problems.append("uid_map %s != %s" % (doc["uid_map"], facts["uid_map"]))
    contaminated = facts.get("getpid") != facts.get("procself")
    if doc["contaminated_proc"] != contaminated:
        problems.append("contaminated %s, but getpid %s, /proc/self %s"
                        % (doc["contaminated_proc"], facts.get("getpid"), facts.get("procself")))
    if doc["pid"] != facts.get("procself"):
        problems.append("pid %s != /proc/self %s" % (doc["pid"], facts.get("procself")))
    return "agree" if not problems else "; ".join(problems)


def main():
    with open(sys.argv[2]) as f:
        doc = json.load(f)
    if sys.argv[1] == "field":
        print(field(doc, sys.argv[3]))
    else:
        print(agree(doc, sys.argv[3]))


if __name__ == "__main__":
    main()
