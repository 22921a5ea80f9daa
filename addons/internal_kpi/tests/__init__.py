from . import test_rule
from . import test_cycle
from . import test_access
from . import test_protected
from . import test_ui
from . import test_install
from . import test_scoring
