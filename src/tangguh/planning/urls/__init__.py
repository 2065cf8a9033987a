"""Planning pages: proposals and decisions, work plans and the calendar, spreadsheets."""

from tangguh.planning.urls.files import urlpatterns as file_urls
from tangguh.planning.urls.proposals import urlpatterns as proposal_urls
from tangguh.planning.urls.workplans import urlpatterns as workplan_urls

app_name = "planning"
urlpatterns = [*proposal_urls, *workplan_urls, *file_urls]
