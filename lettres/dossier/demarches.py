"""The journal of démarches: build one démarche from plain answers, and add one to a dossier file in place, keeping the user's comments and
key order (round-trip YAML), atomically, and only if the whole dossier stays valid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lettres.dossier.doublons import refuse_identical
from lettres.dossier.pieces import ReglePieces, check_piece
from lettres.dossier.questions import date_example, question, with_date_example
from lettres.dossier.schema import Demarche, Dossier, validate_dossier
from lettres.dossier.valeurs import FieldError, parse_date, parse_heure
from lettres.erreurs import LettresError
from lettres.fichiers import write_atomic
from lettres.jour import date_du_jour
from lettres.referentiel import charger_referentiel


def types_acceptes() -> str:
    return ", ".join(f"{code} ({label})" for code, label in charger_referentiel().types_demarche.items())


def refuse_future_dates(jour: date | None, accuse_reception: date | None, aujourd_hui: date) -> None:
    """A démarche, the sending of a letter and its avis de réception have already happened: a later date is
    a typo that would move every deadline. The interview warns and asks; options have nobody to ask."""
    from lettres.francais import date_courte

    if jour is not None and jour > aujourd_hui:
        raise LettresError(
            f"La date du {date_courte(jour)} (--date) est dans le futur : une démarche ou un envoi s'enregistre "
            "une fois fait ; vérifiez le jour, le mois et l'année."
        )
    if accuse_reception is not None and accuse_reception > aujourd_hui:
        raise LettresError(
            f"L'avis de réception ne peut pas être daté du {date_courte(accuse_reception)} (--accuse-reception), "
            "qui est dans le futur : enregistrez-le une fois revenu, à la date qu'il porte."
        )


def build_demarche(
    type_: str,
    jour: str,
    heure: str = "",
    detail: str = "",
    resultat: str = "",
    pieces: list[str] | tuple[str, ...] = (),
    base: Path | None = None,
    regle: ReglePieces | None = None,
) -> dict:
    """A démarche from plain answers (command options, a web form): checked, with French errors
    listing what is accepted; pièces must be files of ``base``, the dossier's folder (check_piece)."""
    types = charger_referentiel().types_demarche
    code = type_.strip()
    if code not in types:
        match = next((c for c, label in types.items() if label.lower() == code.lower()), None)
        if match is None:
            raise LettresError(f"Type de démarche inconnu « {type_} » ; types acceptés : {types_acceptes()}.")
        code = match
    try:
        parsed = parse_date(jour)
    except FieldError as exc:
        raise LettresError(f"{with_date_example(str(exc), 'demarches.date')}.") from None
    if parsed is None:
        exemple = date_example(question("demarches.date"), date_du_jour())
        raise LettresError(f"La date de la démarche manque : écrivez-la comme {exemple}.")
    try:
        heure = parse_heure(heure)
    except FieldError:
        raise LettresError(f"« {heure} » n'est pas une heure valide : écrivez HH:MM, par exemple 10:42.") from None
    for piece in pieces:
        check_piece(piece, base or Path("."), regle)
    return {
        "type": code,
        "date": parsed,
        "heure": heure,
        "detail": detail,
        "resultat": resultat,
        "pieces": list(pieces),
    }


def add_demarche(path: Path, demarche: dict, regle: ReglePieces | None = None, envoi: dict | None = None) -> Demarche:
    """Append ``demarche`` to the file's ``demarches`` list, keeping comments, key order, line endings;
    ``envoi``: keys of the ``envoi`` section set at the same time (sending date, LRAR number of letter 2).

    Under the dossier's lock (two additions at once both land), on the real file when ``path`` is a
    link; a read-only file is refused; the pièces must be files of the dossier's folder."""
    return update_dossier(path, demarche, regle, envoi).demarches[-1]


def update_dossier(
    path: Path,
    demarche: dict | None,
    regle: ReglePieces | None = None,
    envoi: dict | None = None,
    issue: dict | None = None,
) -> Dossier:
    """Add a démarche and/or set ``envoi`` or ``issue`` keys in a dossier file, in place, atomically, under
    its lock."""
    from lettres.dossier.verrou import dossier_lock, refuse_read_only

    with dossier_lock(path) as real:
        refuse_read_only(real)
        return _update(real, demarche, regle, {"envoi": envoi or {}, "issue": issue or {}})


def _update(path: Path, demarche: dict | None, regle: ReglePieces | None, sections: dict[str, dict]) -> Dossier:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from lettres.dossier.fichier import read_dossier_text
    from lettres.dossier.retouche import Retouche
    from lettres.yamlio import oui_non

    fichier = Retouche.read(path, read_dossier_text(path))
    document = fichier.document
    if demarche is not None:
        entry = CommentedMap()
        for key in ("type", "date", "heure", "detail", "resultat", "objet", "pieces"):
            value = demarche.get(key)
            if value in (None, "", []) and key not in ("type", "date"):
                continue
            if key in ("pieces", "objet"):
                value = CommentedSeq(value)
                value.fa.set_flow_style()
            entry[key] = value
        if not isinstance(document.get("demarches"), list):
            document["demarches"] = CommentedSeq()
        document["demarches"].append(entry)
    for nom, valeurs in sections.items():
        if not valeurs:
            continue
        if not isinstance(document.get(nom), dict):
            document[nom] = CommentedMap()
        for key, value in valeurs.items():
            if isinstance(value, list):
                value = CommentedSeq(value)
                value.fa.set_flow_style()
            else:
                value = oui_non(value)
            document[nom][key] = value
    # the whole dossier must stay valid: a bad date never reaches the file
    dossier = validate_dossier(fichier.data(), str(path))
    if demarche is not None:
        for piece in dossier.demarches[-1].pieces:
            check_piece(piece, path.parent, regle)
    write_atomic(path, fichier.bytes())
    return dossier


def envoi_courrier(jour: date, recommande: str = "", accuse_reception: date | None = None) -> dict:
    """The ``envoi`` keys that record the sending of letter 2 (its registered-mail number)."""
    envoi: dict = {"envoye_le": jour}
    if recommande.strip():
        envoi["recommande"] = True
        envoi["numero_recommande"] = " ".join(recommande.split())
    if accuse_reception is not None:
        envoi["accuse_reception_le"] = accuse_reception
    return envoi


# the démarches that send letter 2: their date is the sending date of the ``envoi`` section
LETTRE_PREFECTURE = ("courrier_prefecture", "courriel_prefecture")


def envoi_reponse(accuse_reception: date | None = None, delai_prefecture: int | None = None) -> dict:
    """The ``envoi`` keys of the préfecture's side (acknowledgement date, the delay it announced)."""
    reponse: dict = {}
    if accuse_reception is not None:
        reponse["accuse_reception_le"] = accuse_reception
    if delai_prefecture is not None:
        reponse["delai_prefecture_jours"] = delai_prefecture
    return reponse


def envoi_demarche(
    code: str,
    jour: date,
    recommande: str = "",
    accuse_reception: date | None = None,
    delai_prefecture: int | None = None,
) -> dict | None:
    """The ``envoi`` keys recorded with a démarche of type ``code``: only letter 2 sets them, so the options
    that describe its sending are refused with any other type."""
    if code in LETTRE_PREFECTURE:
        envoi = envoi_courrier(jour, recommande, accuse_reception)
        if delai_prefecture is not None:
            envoi["delai_prefecture_jours"] = delai_prefecture
        return envoi
    if recommande or accuse_reception or delai_prefecture:
        raise LettresError(
            "--recommande, --accuse-reception et --delai-prefecture s'emploient avec --type courrier_prefecture "
            "(le courrier à la préfecture), ou --accuse-reception et --delai-prefecture seules."
        )
    return None


def issue_keys(reponse_prefecture: str | None, cloture: str | None, jour: date) -> dict:
    """The ``issue`` keys of the préfecture's answer (CODES) and of the closing (CODE), dated ``jour``;
    codes (or their French labels) checked with a French sentence listing those accepted."""
    from lettres.dossier.valeurs import _choice, _split_list

    issue: dict = {}
    try:
        if reponse_prefecture is not None:
            codes = [_choice("reponses_prefecture")(c) for c in _split_list(reponse_prefecture)]
            if not codes:
                raise FieldError("--reponse-prefecture attend au moins un code")
            issue.update(reponse_prefecture_le=jour, reponse_prefecture=codes)
        if cloture is not None:
            code = _choice("clotures")(cloture)
            if not code:
                raise FieldError("--cloture attend l'issue du dossier")
            issue.update(cloture_le=jour, cloture=code)
    except FieldError as exc:
        raise LettresError(f"{exc}.") from None
    return issue


@dataclass(frozen=True)
class Ajout:
    """A démarche added from command options: the dossier as saved, the ``envoi`` keys set with it, and the
    démarche of the same type already logged that day (to warn about)."""

    dossier: Dossier
    envoi: dict | None
    doublon: Demarche | None
    fusion: str | None = None  # the letter already logged that day, completed instead of logged twice


def add_from_options(
    path: Path,
    type_: str | None,
    jour: date | None,
    regle: ReglePieces | None = None,
    *,
    heure: str = "",
    detail: str = "",
    resultat: str = "",
    pieces: tuple[str, ...] = (),
    recommande: str = "",
    accuse_reception: date | None = None,
    delai_prefecture: int | None = None,
    remplacer: bool | None = None,
    objet: str | None = None,
) -> Ajout:
    """One démarche given by the terminal's options (type, date…): check them, refuse the very same démarche twice,
    and add it to the dossier file (with the sending of letter 2 in ``envoi``). A registered-mail number or an
    acknowledgement date already recorded for that letter is replaced only with ``remplacer`` (see
    ``complete_letter``); ``objet``: what a letter to the préfecture asked for (codes separated by commas)."""
    if not (type_ and jour):
        raise LettresError("Indiquez au moins --type et --date (ou aucune option pour répondre à des questions).")
    demarche = build_demarche(type_, jour.isoformat(), heure, detail, resultat, pieces, path.resolve().parent, regle)
    if objet is not None:
        demarche["objet"] = _objet(demarche["type"], objet)
    envoi = envoi_demarche(demarche["type"], jour, recommande, accuse_reception, delai_prefecture)
    if envoi is not None:  # the letter logged that day, the very same or not, is completed
        fusion = complete_letter(path, demarche, envoi, regle, remplacer)
        if fusion is not None:
            return fusion
    doublon = refuse_identical(path, demarche)
    return Ajout(update_dossier(path, demarche, regle, envoi), envoi, doublon)


def _objet(code: str, objet: str) -> list[str]:
    """The codes of ``--objet``, checked: only for a letter to the préfecture, each one known."""
    from lettres.dossier.valeurs import _choice, _split_list, options

    if code not in LETTRE_PREFECTURE:
        raise LettresError("--objet s'emploie avec --type courrier_prefecture ou courriel_prefecture.")
    try:
        return [_choice("objets_courrier")(c) for c in _split_list(objet)]
    except FieldError:
        raise LettresError(
            f"--objet attend des codes séparés par des virgules parmi : {', '.join(options('objets_courrier'))}."
        ) from None


def complete_letter(
    path: Path, demarche: dict, envoi: dict, regle: ReglePieces | None, remplacer: bool | None = None
) -> Ajout | None:
    """The letter to the préfecture already logged that day (in the interview, say) gets the registered-mail
    number, the acknowledgement date and the new pièces: it is not logged a second time. A number or a date
    already recorded for it is replaced only when ``remplacer`` is True, kept when False; None raises
    ``EnvoiDejaEnregistre`` (the door asks, or says how to replace it)."""
    from lettres.dossier.doublons import describe, same_day
    from lettres.dossier.fichier import load_dossier
    from lettres.dossier.recommande import settle

    dossier = load_dossier(path)
    pareilles = same_day(dossier, demarche)[0]
    if not pareilles:
        return None
    index = dossier.demarches.index(pareilles[0])
    existante = pareilles[0]
    envoi = settle(dossier.envoi, envoi, describe(existante), remplacer)
    champs: dict = {}
    nouvelles = list(demarche.get("pieces") or [])
    if any(p not in existante.pieces for p in nouvelles):
        champs["pieces"] = list(dict.fromkeys([*existante.pieces, *nouvelles]))
    for cle in ("heure", "detail", "resultat", "objet"):
        if demarche.get(cle) and not getattr(existante, cle):
            champs[cle] = demarche[cle]
    if not champs and all(getattr(dossier.envoi, k, None) == v for k, v in envoi.items()):
        refuse_identical(path, demarche)  # the same command run twice: nothing new to record
    if champs:
        modify_demarche(path, index, champs, regle)
    return Ajout(update_dossier(path, None, regle, envoi), envoi, None, describe(existante))


def numbered(dossier: Dossier) -> list[str]:
    """« 1. 20/09/2026 — Capture d'écran du blocage — Erreur à la validation »: the journal, numbered as the
    doors name its démarches to remove or modify them."""
    from lettres.francais import date_courte

    types = charger_referentiel().types_demarche
    lignes = []
    for numero, d in enumerate(dossier.demarches, 1):
        quoi = " — ".join(p for p in (types.get(d.type, d.type), d.detail.strip(), d.resultat.strip()) if p)
        heure = f" {d.heure}" if d.heure else ""
        lignes.append(f"{numero}. {date_courte(d.date)}{heure} — {quoi}")
    return lignes


class NumeroInconnu(LettresError):
    """No démarche has this number: the door says how to list them."""

    def __init__(self, numero: int, total: int) -> None:
        quelles = f"de 1 à {total}" if total else "aucune"
        super().__init__(f"Il n'y a pas de démarche n° {numero} dans ce dossier ({quelles}).")
        self.numero, self.total = numero, total


def check_numero(dossier: Dossier, numero: int) -> int:
    """The 0-based index of démarche ``numero`` (counted from 1), refused (``NumeroInconnu``) when there is none."""
    total = len(dossier.demarches)
    if not 1 <= numero <= total:
        raise NumeroInconnu(numero, total)
    return numero - 1


def modify_demarche(
    path: Path,
    index: int,
    champs: dict,
    regle: ReglePieces | None = None,
    *,
    envoi: dict | None = None,
    attendue: str | None = None,
) -> Dossier:
    """Set ``champs`` (type, date, heure, detail, resultat, objet, pieces) of démarche ``index`` in the file, in
    place: its other fields, the other démarches and the comments stay as they are; an empty text or list
    removes the field. ``envoi``: keys of the ``envoi`` section set with it (None removes one: an
    acknowledgement date cleared). ``attendue``: the file's fingerprint when the form was filled; another
    one (the file changed elsewhere since) is refused with ``FichierModifie``, nothing written."""
    from lettres.dossier.verrou import dossier_lock, refuse_read_only

    with dossier_lock(path) as real:
        refuse_read_only(real)
        if attendue is not None:
            from lettres.dossier.edition import FichierModifie, file_empreinte

            if file_empreinte(real) != attendue:
                raise FichierModifie(
                    f"Le fichier « {path.name} » a été modifié depuis l'ouverture de cette page (dans un terminal ou "
                    "un autre onglet) : rien n'a été enregistré."
                )
        return _modify(real, index, champs, regle, envoi or {})


def _modify(path: Path, index: int, champs: dict, regle: ReglePieces | None, envoi: dict | None = None) -> Dossier:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from lettres.dossier.fichier import read_dossier_text
    from lettres.dossier.retouche import Retouche
    from lettres.yamlio import oui_non

    fichier = Retouche.read(path, read_dossier_text(path))
    document = fichier.document
    demarches = document.get("demarches")
    if not isinstance(demarches, list) or not 0 <= index < len(demarches) or not isinstance(demarches[index], dict):
        raise LettresError(f"Il n'y a pas de démarche n° {index + 1} dans « {path.name} ».")
    entry = demarches[index]
    for key, value in champs.items():
        if value in ("", []) and key not in ("type", "date"):
            entry.pop(key, None)
            continue
        if key in ("pieces", "objet"):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        entry[key] = value
    if envoi:
        if not isinstance(document.get("envoi"), dict):
            document["envoi"] = CommentedMap()
        for key, value in envoi.items():
            if value is None:
                document["envoi"].pop(key, None)
            else:
                document["envoi"][key] = oui_non(value)
    dossier = validate_dossier(fichier.data(), str(path))
    for piece in dossier.demarches[index].pieces if "pieces" in champs else []:
        check_piece(piece, path.parent, regle)
    write_atomic(path, fichier.bytes())
    return dossier


def changed_fields(avant: dict, apres: dict) -> dict:
    """The fields of a démarche whose value changed (« 01/10/2026 » and a date of the same day do not)."""
    ancien, nouveau = Demarche.model_validate(avant), Demarche.model_validate(apres)
    return {k: apres.get(k) for k in Demarche.model_fields if getattr(ancien, k) != getattr(nouveau, k)}
