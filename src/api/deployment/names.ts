/**
 * Upstream's string validators (k8s.io/apimachinery/pkg/util/validation) under the names this
 * tree uses; the implementations live in `api/common`.
 */
export {
  isDNS1123Label as dns1123Label,
  isDNS1123Subdomain as dns1123Subdomain,
  isQualifiedName as qualifiedName,
  isValidLabelValue as labelValue,
  isValidPathSegmentName as pathSegmentName,
} from "../common/index.js";
