"""Messages of CKAN and of the extensions we run that we translate into Myanmar.

CKAN 2.11 hands Flask-Babel one translation directory per ``ITranslation``
plugin after its own (``ckan/config/middleware/flask_app.py``), and Flask-Babel
merges the catalogues in that order: a message in a later catalogue replaces
the same message of an earlier one. So our catalogue can give core's templates
-- and those of ckanext-activity, -spatial, -scheming and -harvest, which ship
no Myanmar -- the Myanmar their own catalogues lack or leave in English.

Babel only keeps in our catalogue the messages it extracts from our sources:
this module lists the core messages seen on the catalogue's pages, each
marked with a no-op ``N_`` (or ``ngettext`` for a plural) that Babel's default
keywords extract and that return the text unchanged. The lists are read only
by Babel and by ``tests/test_i18n.py``; nothing calls them at run time. A
core message shown in English on a Myanmar page belongs here, word for word
as in CKAN's ``ckan.pot``.
"""

from __future__ import annotations

__all__ = [
    "MESSAGES",
    "PLURAL_MESSAGES",
    "TYPE_MESSAGES",
    "TYPE_PLURAL_MESSAGES",
    "CKAN_2_12_MESSAGES",
]


def N_(message: str) -> str:  # noqa: N802 - Babel's keyword
    """Mark a message of CKAN for extraction; return it unchanged."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message of CKAN for extraction; return both forms."""
    return singular, plural


MESSAGES: tuple[str, ...] = (
    # HTTP status names on error pages (werkzeug's; error_document_template.html)
    N_("Bad Request"),
    N_("Unauthorized"),
    N_("Forbidden"),
    N_("Not Found"),
    N_("Method Not Allowed"),
    N_("Too Many Requests"),
    N_("Internal Server Error"),
    N_("Service Unavailable"),
    # The page frame (ckan/templates/page.html, header.html)
    N_("Skip to main content"),
    N_("Toggle navigation"),
    N_("Search Datasets..."),
    N_("Breadcrumb"),
    N_("Close"),
    N_("Dashboard"),
    N_("Config"),
    # Datasets, organisations and their pages
    N_("Social"),
    N_("Field"),
    N_("Value"),
    N_("active"),
    N_("draft"),
    N_("deleted"),
    N_("Follow"),
    N_("Unfollow"),
    N_("Private"),
    N_("Public"),
    N_(
        'You can use <a href="#markdown" title="Markdown quick reference" '
        'data-bs-toggle="popover" data-bs-content="%(markdown_tooltip)s" '
        'data-bs-html="true">Markdown formatting</a> here'
    ),
    N_(
        "The <i>data license</i> you select above only applies to the contents of "
        "any resource files that you add to this dataset. By submitting this form, "
        "you agree to release the <i>metadata</i> values that you enter into the "
        'form under the <a href="http://opendatacommons.org/licenses/odbl/1-0/">'
        "Open Database License</a>."
    ),
    N_("0 Members"),
    N_('Source: <a href="%(url)s">%(dataset)s</a>'),
    N_("Role"),
    N_("Key"),
    # The sysadmin pages (ckan/templates/admin/)
    N_("Current Sysadmins"),
    N_("Revoke Sysadmin permission"),
    N_("Promote user to Sysadmin"),
    N_("Promote"),
    N_(
        "<p>As a sysadmin user you have full control over this CKAN instance. "
        "Proceed with care!</p> <p>For guidance on using sysadmin features, see "
        'the CKAN  <a href="%(docs_url)s" target="_blank" rel="noreferrer">'
        "sysadmin guide</a></p>"
    ),
    # Logging in and registering (ckan/templates/user/)
    N_("Login"),
    N_("Username or Email"),
    N_("Username"),
    N_("username"),
    N_("Password"),
    N_("Email"),
    N_("Joe Bloggs"),
    # Licence titles that are descriptions, not names (ckan/model/license.py)
    N_("License not specified"),
    N_("Other (Open)"),
    N_("Other (Public Domain)"),
    N_("Other (Attribution)"),
    N_("Other (Non-Commercial)"),
    N_("Other (Not Open)"),
    N_("Creative Commons Non-Commercial (Any)"),
    # ckanext-spatial: the search map and the dataset map
    N_("Filter by location"),
    N_("Clear"),
    N_("Dataset extent"),
    # ckanext-activity: the activity stream, its filter and the dashboard
    N_("Activity Stream"),
    N_("Activity type"),
    N_("All activity types"),
    N_("News feed"),
    N_("Search followee"),
    N_("View this version"),
    N_("Changes"),
    N_("dataset"),
    # the activity types of a dataset (templates/snippets/activity_type_selector.html)
    N_("New Package"),
    N_("Changed Package"),
    N_("Deleted Package"),
    N_("Follow Dataset"),
    N_("New Resource View"),
    N_("Changed Resource View"),
    N_("Deleted Resource View"),
    N_("{actor} added the resource {resource} to the dataset {dataset}"),
    N_("{actor} added the tag {tag} to the dataset {dataset}"),
    N_("{actor} created resource view {view_link}"),
    N_("{actor} created the group {group}"),
    N_("{actor} created the organization {organization}"),
    N_("{actor} created the {dataset_type} {dataset}"),
    N_('{actor} deleted resource view "{view_title}" for resource {resource_link}'),
    N_("{actor} deleted the group {group}"),
    N_("{actor} deleted the organization {organization}"),
    N_("{actor} deleted the resource {resource} from the dataset {dataset}"),
    N_("{actor} deleted the {dataset_type} {dataset}"),
    N_("{actor} removed the tag {tag} from the dataset {dataset}"),
    N_("{actor} signed up"),
    N_("{actor} started following {dataset}"),
    N_("{actor} started following {group}"),
    N_("{actor} started following {user}"),
    N_("{actor} updated resource view {view_link}"),
    N_("{actor} updated the group {group}"),
    N_("{actor} updated the organization {organization}"),
    N_("{actor} updated the resource {resource} in the dataset {dataset}"),
    N_("{actor} updated the {dataset_type} {dataset}"),
    N_("{actor} updated their profile"),
    # ckanext-datastore, -datatablesview and -xloader: table previews, the
    # Data Dictionary on a resource page, the DataStore tab of its owners
    N_("Data Dictionary"),
    N_("Column"),
    N_("ID"),
    N_("DataStore"),
    N_("Primary key"),
    N_("Delete from DataStore"),
    N_("Are you sure you want to delete the DataStore and Data Dictionary?"),
    N_("Upload Log"),
    N_("Never"),
    N_("Date format"),
    N_("Type Override"),
    N_("Ellipsis length"),
    N_("List view/Responsive display"),
    N_("Refit"),
    # ckanext-harvest: its tab on the sysadmin pages
    N_("Harvest"),
    # ckanext-harvest's pages (it ships no Myanmar): the source list and form
    N_("Harvest Sources"),
    N_("Add Harvest Source"),
    N_("Search harvest sources..."),
    N_("Frequency"),  # a facet title (its plugin's dataset_facets)
    N_("There is no description for this harvest source"),
    N_("There are no datasets associated to this harvest source."),
    N_("Source"),  # a source's URL on its About page (core's additional_info)
    N_("Create Harvest Source"),
    N_("Create harvest source"),
    N_("Edit harvest source"),
    N_(
        "Harvest sources allow importing remote metadata into this catalog. "
        "Remote sources can be other catalogs such as other CKAN instances, CSW "
        "servers or Web Accessible Folders (WAF) (depending on the actual "
        "harvesters enabled for this instance)."
    ),
    N_("This should include the http:// part of the URL"),
    N_("Update frequency"),
    N_("Configuration"),
    N_("No organization"),
    N_("Delete source"),
    N_("Delete and clear source"),
    N_(
        "This will flag the source as deleted but keep all its datasets and "
        "previous jobs. Are you sure you want to delete this harvest source?"
    ),
    N_(
        "Warning: Apart from deleting this source, this command will remove all "
        "its datasets, as well as all previous job reports. Are you sure you want "
        "to continue?"
    ),
    # ... the harvesters offered by the form (their info(), shown through _())
    N_("Harvests remote CKAN instances"),
    N_("Generic DCAT RDF Harvester"),
    N_("Harvester for DCAT datasets from an RDF graph"),
    # ... a source's update frequencies (harvest_frequencies: the value, titled)
    N_("Manual"),
    N_("Monthly"),
    N_("Weekly"),
    N_("Biweekly"),
    N_("Daily"),
    N_("Always"),
    # ... a source's admin pages, its jobs and their reports
    N_("View harvest source"),
    N_("Jobs"),
    N_("Last Harvest Job"),
    N_("View full job report"),
    N_("No jobs yet for this source"),
    N_("Reharvest"),
    N_("Start a new harvesting job for this harvest source now"),
    N_("Stop"),
    N_("Delete all harvest jobs and existing datasets from this source"),
    N_(
        "This will re-run the harvesting for this source. Any updates at the "
        "source will overwrite the local datasets. Sources with a large number "
        "of datasets may take a significant amount of time to finish "
        "harvesting. Please confirm you would like us to start reharvesting."
    ),
    N_(
        "Warning: This will remove all datasets for this source, as well as all "
        "previous job reports. Are you sure you want to continue?"
    ),
    N_("Harvest Jobs"),
    N_("Job: "),
    N_("Started:"),
    N_("Finished:"),
    N_("Not yet"),
    N_("Job Report"),
    N_("Back to job list"),
    N_("Id"),
    N_("Started"),
    N_("Finished"),  # also a job's status, as New and Running
    N_("New"),
    N_("Running"),
    N_("errors"),  # "2 errors"; and the counts of a job's records:
    N_("added"),
    N_("updated"),
    N_("not modified"),
    N_("Error Summary"),
    N_("No errors for this job"),
    N_("Only the 20 most frequent errors are shown"),
    N_("Job Errors"),
    N_("Document Errors"),
    N_("Error Report"),
    N_("documents with errors"),
    N_("Count"),
    N_("Message"),
    N_("Remote content"),
    N_("Local content"),
    # ... its messages after an action, and its Not Found pages
    N_("Harvest will start shortly. Refresh this page for updates."),
    N_("A harvest job has already been scheduled for this source"),
    N_(
        "Cannot create new harvest jobs on inactive sources. First, please "
        'change the source status to "active".'
    ),
    N_("Harvest job stopped"),
    N_("Harvest source cleared"),
    N_("Harvesting source successfully cleared"),
    N_("Harvesting source successfully inactivated"),
    N_("Harvest source not found"),
    N_("Harvest job not found"),
    N_("No content found"),
    # ... and the count of its search, which core words from the type's name
    # (snippets/search_result_text.html; ckanext-harvest's own wording of it
    # is no longer reached in CKAN 2.11)
    N_("No harvests found"),
    N_('No harvests found for "{query}"'),
)

PLURAL_MESSAGES: tuple[tuple[str, str], ...] = (
    ngettext("{num} Member", "{num} Members"),
    ngettext("{number} harvest found", "{number} harvests found"),
    ngettext(
        '{number} harvest found for "{query}"', '{number} harvests found for "{query}"'
    ),
)

# The count of the assessment registry's search (/assessment), which core
# words from the type's name as for harvest sources above: these messages are
# made by core's template, not in its catalogue (so not checked against it).
TYPE_MESSAGES: tuple[str, ...] = (
    N_("No assessments found"),
    N_('No assessments found for "{query}"'),
)

TYPE_PLURAL_MESSAGES: tuple[tuple[str, str], ...] = (
    ngettext("{number} assessment found", "{number} assessments found"),
    ngettext(
        '{number} assessment found for "{query}"',
        '{number} assessments found for "{query}"',
    ),
)

# Messages only CKAN 2.12's templates have (on 2.11 nothing looks them up).
CKAN_2_12_MESSAGES: tuple[str, ...] = (
    # a facet link's accessible name (snippets/facet_list.html)
    N_("Search datasets by {name}: {label}"),
    # accessible names of resource, organisation and group links; the
    # dataset form's button (package/, organization/, group/snippets/)
    N_("Navigate to resource: {name}"),
    N_("Navigate to resource: {name_or_id}"),
    N_("Manage resource: {name}"),
    N_("Current resource: {name}"),
    N_("Resource URL: {url}"),
    N_("Open details page for {name}"),
    N_("Open details page for dataset - {title}"),
    N_("Unpublish"),
    # the activity stream and the admin pages' tab (ckanext/activity)
    N_("Activity occurred on: {time}"),
    N_("Activities"),
    # a user's page (user/snippets/info.html)
    N_("This information is visible to you and admins"),
)
