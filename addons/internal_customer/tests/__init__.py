from . import test_relation
from . import test_campaign
from . import test_rating
from . import test_results
from . import test_access
from . import test_ui
from . import test_install
