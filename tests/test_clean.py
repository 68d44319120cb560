from qa.ingest import describe_article
from qa.models import ArticleFile
from qa.segment import segment_article

PAGE = """Section News
Harbour bridge reopens after long repairs
Share:
By Jane Doe – City Desk
In this photo, the mayor cuts the ribbon on the bridge on Tuesday.
In this photo, the mayor cuts the ribbon on the bridge on Tuesday.
The bridge reopened on Tuesday after eight months of repairs.
- See also: Tunnel works delayed again
- Read more: Ferry timetable changes
Engineers replaced 340 cables. (Photo: council)
(Additional reporting by John Roe)
12 Comments
reader42
Finally, the bridge is open again.
More Stories
"""


def kinds_of(text: str) -> dict[str, str]:
    article_file = ArticleFile(article=describe_article("page.txt", text), text=text)
    return {s.text: s.kind for s in segment_article(article_file, first_id=0)}


def test_page_furniture_is_marked_by_shape() -> None:
    kinds = kinds_of(PAGE)
    furniture = [
        "Section News",
        "Harbour bridge reopens after long repairs",
        "Share:",
        "By Jane Doe – City Desk",
        "In this photo, the mayor cuts the ribbon on the bridge on Tuesday.",
        "- See also: Tunnel works delayed again",
        "- Read more: Ferry timetable changes",
        "(Photo: council)",
        "(Additional reporting by John Roe)",
        "12 Comments",
        "reader42",
    ]
    for wording in furniture:
        assert kinds[wording] == "furniture", wording


def test_prose_is_article_and_text_after_the_comments_marker_is_comment() -> None:
    kinds = kinds_of(PAGE)
    assert kinds["The bridge reopened on Tuesday after eight months of repairs."] == "article"
    assert kinds["Engineers replaced 340 cables."] == "article"
    assert kinds["Finally, the bridge is open again."] == "comment"


def test_long_unpunctuated_standfirst_stays_article() -> None:
    standfirst = (
        "The city has reopened its harbour bridge after eight months of repairs that cost "
        "twelve million euros"
    )
    kinds = kinds_of(f"Bridge reopens\n\n{standfirst}\n\nMore text follows here.")
    assert kinds[standfirst] == "article"
