"""A date as the GOV.UK date input sends it: three boxes, `<name>_day`, `_month` and `_year`."""


def date_boxes(name: str, typed: str) -> dict:
    """`date_boxes("opens_on", "2/2/2026")` is what a person typing 2, 2 and 2026 sends."""
    day, month, year = ([*typed.split("/"), "", "", ""])[:3]
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def boxes_kept(page: str, name: str, typed: str) -> bool:
    """Whether the page shows what was typed in each box."""
    return all(f'name="{box}" value="{value}"' in page for box, value in date_boxes(name, typed).items() if value)
