from . import internal_customer_relation_generate
from . import internal_customer_relation_reject
from . import internal_customer_campaign_check
from . import internal_customer_comment_redact
