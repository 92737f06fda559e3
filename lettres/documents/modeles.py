"""A structure's own templates: exported with their guide, then checked.

The guide (LISEZMOI.md) is the door's text (how to write in the templates, how to use them) followed by every
variable of the template context, its meaning (``donnees/variables.yaml``) and its value for the demo dossier. The checker compiles each template
and reports, with the template and the paragraph or line: unknown variables (attributes inside loops
included), Jinja syntax errors, French guillemets or curly quotes inside tags, ``{%p`` blocks not
closed, rich text placed without ``{{r``, and any reach for Python internals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lettres.documents.avertissements import Avertissement, ModelesIntrouvables
from lettres.documents.rendu import templates_root
from lettres.erreurs import LettresError
from lettres.francais import nombre
from lettres.procedure.actions import Action, Quoi
from lettres.yamlio import parse_yaml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
BAD_QUOTES = "«»“”‘’„"
PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml$")


@dataclass
class Probleme:
    modele: str
    endroit: str
    message: str

    def __str__(self) -> str:
        return f"{self.modele}, {self.endroit} : {self.message}"


# --- the variables ------------------------------------------------------------------------------


@cache
def demo_context() -> dict:
    """The context of the demo dossier: the reference for names, shapes and example values."""
    from lettres.demo import demo_folder
    from lettres.documents.contexte import build_context
    from lettres.documents.habillage import Habillage
    from lettres.dossier import load_dossier

    folder = demo_folder()
    habillage = Habillage(nom="Association Exemple", adresse="1 place Exemple\n13001 Marseille")
    return build_context(load_dossier(folder / "dossier.yaml"), date(2026, 12, 1), folder, habillage)


def descriptions() -> dict[str, str]:
    text = resources.files("lettres.referentiel").joinpath("donnees", "variables.yaml").read_text(encoding="utf-8")
    return parse_yaml(text)["variables"]


def shape(value: Any) -> Any:
    """dict → {name: shape}; list → [element shape]; rich text → "riche"; anything else → "valeur"."""
    from lettres.documents.texte_riche import TexteRiche

    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0]) if value else "valeur"]
    if isinstance(value, TexteRiche):
        return "riche"
    return "valeur"


def leaves(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted name, example) for every variable; ``[]`` marks a list element."""
    from lettres.documents.texte_riche import TexteRiche

    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in leaves(v, f"{prefix}.{k}" if prefix else k)]
    if isinstance(value, list):
        element = value[0] if value else ""
        head = [(f"{prefix}[]", value)]
        return head + (leaves(element, f"{prefix}[]") if isinstance(element, dict) else [])
    if isinstance(value, TexteRiche):
        return [(prefix, "texte enrichi")]
    return [(prefix, value)]


# --- export and guide ---------------------------------------------------------------------------


def _example(value: Any) -> str:
    if isinstance(value, list):
        return f"liste de {nombre(len(value), 'élément')}"
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    text = " / ".join(str(value).splitlines()) if value != "" else "(vide)"
    return text if len(text) <= 70 else text[:67] + "…"


def guide(texte: str) -> str:
    """LISEZMOI.md: the door's ``texte`` (it ends with the head of the variables' table), then every variable
    with its meaning and its value for the demo dossier."""
    ctx = demo_context()
    meaning = descriptions()
    lines = [texte.rstrip("\n")]
    for name, value in leaves({k: v for k, v in ctx.items() if k not in ("textes", "contacts")}):
        lines.append(f"| `{name}` | {meaning.get(name, '')} | {_example(value).replace('|', '/')} |")
    for group in ("textes", "contacts"):
        for name, text in meaning.items():
            if name.startswith(f"{group}.CODE."):
                lines.append(f"| `{name}` | {text} | |")
    lines += ["", "### Les textes (`textes.CODE`)", "", "| code | citation |", "|---|---|"]
    lines += [f"| `{code}` | {t['citation']} |" for code, t in ctx["textes"].items()]
    lines += ["", "### Les contacts (`contacts.CODE`)", "", "| code | contact |", "|---|---|"]
    lines += [f"| `{code}` | {c['libelle']} |" for code, c in ctx["contacts"].items()]
    return "\n".join(lines) + "\n"


def export_templates(dest: Path, lisezmoi: str, force: bool = False) -> list[Path]:
    """Copy the default templates into ``dest`` with the guide: ``lisezmoi`` (the door's text), then the
    variables."""
    from lettres.fichiers import PRIVATE_DIR, write_atomic

    root = templates_root()
    files = sorted(p for p in root.rglob("*") if p.is_file())
    targets = [dest / p.relative_to(root) for p in files] + [dest / "LISEZMOI.md"]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise LettresError(
            f"« {existing[0]} » existe déjà : choisissez un dossier vide, ou ajoutez --force pour remplacer "
            "les modèles (vos modifications seraient perdues)."
        )
    # readable by their owner only, like every file the tool writes: a structure's letters say who it helps
    for folder in [dest, *sorted({t.parent for t in targets})]:
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    for source, target in zip(files, targets, strict=False):
        write_atomic(target, source.read_bytes(), sync=False)
    write_atomic(dest / "LISEZMOI.md", guide(lisezmoi).encode("utf-8"), sync=False)
    return targets


# --- checking -----------------------------------------------------------------------------------


def _paragraph_texts(xml: str) -> list[str]:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def _check_tags(texts: list[str], where) -> list[tuple[str, str]]:
    """Quotes inside tags, unclosed or mixed {%p blocks, rich text without {{r (raw paragraph texts)."""
    problems, stack = [], []
    rich = {name for name, value in leaves(demo_context()) if value == "texte enrichi"}
    for index, text in enumerate(texts):
        for tag in TAG.findall(text):
            if any(q in tag for q in BAD_QUOTES):
                problems.append(
                    (
                        where(index),
                        f"guillemets français ou courbes dans la balise {tag} : remplacez-les "
                        "par des guillemets droits, ou utilisez une variable vrai/faux",
                    )
                )
            block = re.match(r"\{%\s*(p|tr|tc|r)?\s*(if|for|endif|endfor)\b", tag)
            if block:
                kind, word = block.group(1) or "", block.group(2)
                if word in ("if", "for"):
                    stack.append((kind, word, index))
                elif not stack or stack[-1][1] != word[3:]:
                    problems.append((where(index), f"{tag} ne ferme aucun bloc {word[3:]} ouvert"))
                else:
                    opened_kind, _, opened = stack.pop()
                    if opened_kind != kind:
                        problems.append(
                            (
                                where(index),
                                f"{tag} ferme un bloc ouvert par « {{%{opened_kind} {word[3:]} » "
                                f"({where(opened)}) : utilisez « {{%{opened_kind} end{word[3:]} %}} »",
                            )
                        )
            output = re.match(r"\{\{(r?)\s*([\w.]+)\s*\}\}", tag)
            if output and not output.group(1) and output.group(2) in rich:
                problems.append((where(index), f"{tag} est un texte enrichi : écrivez {{{{r {output.group(2)} }}}}"))
    for kind, word, index in stack:
        problems.append((where(index), f"bloc « {{%{kind} {word} » jamais fermé (il manque {{%{kind} end{word} %}})"))
    return problems


def _check_names(ast, where_line) -> list[tuple[str, str]]:
    """Unknown variables and attributes, loop variables included; no access to Python internals."""
    checker = _NameChecker(where_line)
    checker.walk(ast, dict(shape(demo_context())))
    return checker.problems


class _NameChecker:
    """A walk through a template's Jinja tree, with the variables known at each point (``scope``)."""

    def __init__(self, where_line) -> None:
        from jinja2 import nodes

        self.nodes = nodes
        self.where_line = where_line
        self.problems: list[tuple[str, str]] = []

    def resolve(self, node, scope) -> tuple[Any, str] | None:
        nodes = self.nodes
        if isinstance(node, nodes.Name):
            if node.name not in scope:
                self.problems.append((self.where_line(node.lineno), f"variable inconnue « {node.name} »"))
                return None
            return scope[node.name], node.name
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            return self.resolve_attribute(node, scope)
        self.walk(node, scope)
        return None

    def resolve_attribute(self, node, scope) -> tuple[Any, str] | None:
        nodes = self.nodes
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            self.problems.append(
                (self.where_line(node.lineno), f"accès interdit à « {attr} » (éléments internes de Python)")
            )
            return None
        base = self.resolve(node.node, scope)
        if base is None or not isinstance(attr, str):
            if not isinstance(node, nodes.Getattr):
                self.walk(node.arg, scope)
            return None
        value, path = base
        if isinstance(value, dict):
            if attr not in value:
                self.problems.append((self.where_line(node.lineno), f"variable inconnue « {path}.{attr} »"))
                return None
            return value[attr], f"{path}.{attr}"
        return "valeur", f"{path}.{attr}"

    def walk(self, node, scope) -> None:
        nodes = self.nodes
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self.resolve(node, scope)
        elif isinstance(node, nodes.For):
            self.walk_loop(node, scope)
        elif isinstance(node, nodes.Assign):
            self.walk(node.node, scope)
            for target in self.names(node.target):
                scope[target] = "valeur"
        else:
            for child in node.iter_child_nodes():
                self.walk(child, scope)

    def walk_loop(self, node, scope) -> None:
        iterable = self.shape_of(node.iter, scope)
        inner = dict(scope, loop="valeur")
        for target in self.names(node.target):
            inner[target] = iterable[0] if isinstance(iterable, list) else "valeur"
        for child in node.body + node.else_:
            self.walk(child, inner)
        if node.test is not None:
            self.walk(node.test, inner)

    def shape_of(self, node, scope) -> Any:
        if isinstance(node, (self.nodes.Name, self.nodes.Getattr, self.nodes.Getitem)):
            found = self.resolve(node, scope)
            return found[0] if found else "valeur"
        self.walk(node, scope)
        return "valeur"

    def names(self, target) -> list[str]:
        nodes = self.nodes
        return [target.name] if isinstance(target, nodes.Name) else [n.name for n in target.find_all(nodes.Name)]


def _check_source(env, source: str, where_line) -> list[tuple[str, str]]:
    from jinja2 import TemplateSyntaxError

    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        from lettres.documents.erreurs_modele import message_jinja

        return [(where_line(exc.lineno), f"erreur de syntaxe : {message_jinja(exc.message)}")]
    depth, lineno = _nesting(ast)
    if depth > IMBRICATION_MAX:
        return [
            (
                where_line(lineno),
                f"{depth} blocs ({{% for %}}, {{% if %}}…) les uns dans les autres, au plus {IMBRICATION_MAX} : "
                "simplifiez le modèle",
            )
        ]
    try:  # compiled as generer will: Python refuses some templates that Jinja parses
        env.compile(source)
    except (SyntaxError, RecursionError, MemoryError):
        return [(where_line(1), "le modèle ne se compile pas (imbrication trop profonde) : simplifiez-le")]
    except Exception as exc:  # a Jinja error found only at compilation
        from lettres.documents.erreurs_modele import pourquoi

        return [(where_line(getattr(exc, "lineno", 1) or 1), pourquoi(exc))]
    return _check_names(ast, where_line)


IMBRICATION_MAX = 12  # blocks inside each other: a letter needs three or four; Python stops at twenty


def _nesting(ast) -> tuple[int, int]:
    """(deepest nesting of block statements, line where it is reached)."""
    from jinja2 import nodes

    blocks = (nodes.For, nodes.If, nodes.With, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.Block)
    best = (0, 1)
    stack = [(ast, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, blocks):
            depth += 1
            if depth > best[0]:
                best = (depth, getattr(node, "lineno", 1) or 1)
        stack.extend((child, depth) for child in node.iter_child_nodes())
    return best


def check_docx(path: Path) -> list[Probleme]:
    from lettres.documents.garde_modele import check_docx_archive
    from lettres.erreurs import ModeleInvalide

    try:
        raw = path.read_bytes()
        check_docx_archive(raw, path.name)
    except ModeleInvalide as exc:
        return [Probleme(path.name, "fichier", exc.message.split(" est refusé : ", 1)[-1].rstrip("."))]
    except OSError:
        return [Probleme(path.name, "fichier", "le fichier ne peut pas être lu")]
    try:
        return _check_docx_parts(path, raw)
    except Exception:  # a damaged part (bad XML, wrong encoding): whatever the libraries raise
        return [
            Probleme(
                path.name,
                "fichier",
                "ce n'est pas un document Word lisible : ouvrez-le dans Word ou LibreOffice et enregistrez-le "
                "de nouveau au format .docx",
            )
        ]


def _check_docx_parts(path: Path, raw: bytes) -> list[Probleme]:
    import io
    import zipfile

    from docxtpl import DocxTemplate

    from lettres.documents.rendu import jinja_env

    problems: list[Probleme] = []
    archive = zipfile.ZipFile(io.BytesIO(raw))
    tpl = DocxTemplate(io.BytesIO(raw))
    with archive:
        for part in sorted(n for n in archive.namelist() if PARTS.search(n)):
            xml = archive.read(part).decode("utf-8")
            texts = _paragraph_texts(xml)
            kind = PARTS.search(part).group(1)  # type: ignore[union-attr]  # parts were filtered by PARTS
            label = "paragraphe" if kind == "document" else f"{kind}, paragraphe"

            def where(index: int, texts=texts, label=label) -> str:
                excerpt = " ".join(texts[index].split())[:50] if index < len(texts) else ""
                return f"{label} {index + 1}" + (f" (« {excerpt} »)" if excerpt else "")

            found = _check_tags(texts, where)
            prepared = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
            lines = prepared.splitlines()

            def where_line(lineno: int, lines=lines, texts=texts, where=where, label=label) -> str:
                # docxtpl puts each paragraph on its own line (and turns {%p …%} paragraphs into bare tags):
                # find the paragraph by the text of that line
                text = re.sub(r"<[^>]+>", "", lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
                text = re.sub(r"\{%.*?%\}", "", text).strip()  # the bare tags of the {%p paragraphs that follow
                for index, candidate in enumerate(texts):
                    if text and candidate.strip() == text:
                        return where(index)
                excerpt = " ".join(text.split())[:50]
                return f"{label} (« {excerpt} »)" if excerpt else label

            # quotes already reported: replace them so that the rest of the template is still checked
            found += _check_source(jinja_env(), re.sub(f"[{BAD_QUOTES}]", '"', prepared), where_line)
            problems += [Probleme(path.name, w, m) for w, m in found]
    return problems


def check_text(path: Path) -> list[Probleme]:
    from lettres.documents.rendu import jinja_env

    try:
        raw = path.read_bytes()
        source = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [Probleme(path.name, "fichier", "le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8")]
    if len(raw) > 1024 * 1024:
        return [Probleme(path.name, "fichier", "le modèle dépasse 1 Mo, bien plus qu'un courriel")]
    lines = source.splitlines()
    found = _check_tags(lines, lambda i: f"ligne {i + 1}")
    found += _check_source(jinja_env(), re.sub(f"[{BAD_QUOTES}]", '"', source), lambda n: f"ligne {n}")
    return [Probleme(path.name, w, m) for w, m in found]


def check_templates(folder: Path) -> list[Probleme]:
    """Every template of a structure's folder (only those it overrides are there)."""
    if not folder.is_dir():
        raise LettresError(f"Le dossier de modèles « {folder} » est introuvable : vérifiez le chemin.")
    known = {p.relative_to(templates_root()).as_posix() for p in templates_root().rglob("*") if p.is_file()}
    problems: list[Probleme] = []
    found = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or relative == "LISEZMOI.md" or path.name.startswith((".", "~$")):
            continue
        if relative not in known:
            problems.append(
                Probleme(
                    relative,
                    "fichier",
                    f"nom de modèle inconnu, il ne sera pas utilisé (noms attendus : {', '.join(sorted(known))})",
                )
            )
            continue
        found += 1
        problems += check_docx(path) if path.suffix == ".docx" else check_text(path)
    if not found and not problems:
        raise ModelesIntrouvables(
            Avertissement(
                "modeles_absents",
                f"Aucun modèle dans « {folder} »",
                action=Action(Quoi.EXPORTER_MODELES, valeur=str(folder)),
            )
        )
    return problems
