"""An import-linter contract of the house's own: no import cycles between the apps' rooms.

A room is a module or package just below an app (``spaces.services``, ``accounts.aws``,
``identity.sync``, ``catalyst_admin.errors`` …). The contract squashes every module into its room,
across all the root packages at once, and fails on any cycle between rooms, inside one app
(``spaces.models`` ↔ ``spaces.permissions``) or across apps (``identity.sync`` → ``spaces.services``
→ ``spaces.selectors`` → ``identity.sync``). Deeper levels are checked by import-linter's own
``acyclic_siblings`` contracts.
"""

import grimp
from importlinter import Contract, ContractCheck, fields, output


def _room(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one room (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


class AcyclicRoomsContract(Contract):
    type_name = "acyclic_rooms"

    packages = fields.ListField(subfield=fields.StringField())
    exclude = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        excluded = tuple(self.exclude or ())
        edges: dict[str, set[str]] = {}
        examples: dict[tuple[str, str], str] = {}
        for package in self.packages:
            for module in graph.find_descendants(package) | {package}:
                if any(module == e or module.startswith(e + ".") for e in excluded):
                    continue
                for imported in graph.find_modules_directly_imported_by(module):
                    if imported.split(".")[0] not in self.packages:
                        continue
                    if any(imported == e or imported.startswith(e + ".") for e in excluded):
                        continue
                    source, target = _room(module), _room(imported)
                    if source != target and "." in source and "." in target:
                        edges.setdefault(source, set()).add(target)
                        examples.setdefault((source, target), f"{module} -> {imported}")
        cycles = _cycles(edges)
        return ContractCheck(kept=not cycles, metadata={"cycles": cycles, "edges": edges, "examples": examples})

    def render_broken_contract(self, check: ContractCheck) -> None:
        edges, examples = check.metadata["edges"], check.metadata["examples"]
        for cycle in check.metadata["cycles"]:
            output.print_error(f"These rooms import each other in a cycle: {', '.join(cycle)}")
            members = set(cycle)
            for source in cycle:
                for target in sorted(edges.get(source, set()) & members):
                    output.indent_cursor()
                    output.print_error(f"{source} -> {target} (e.g. {examples[(source, target)]})", bold=False)
            output.new_line()
