/** `co-domain`: accounts linking to the same domain within seconds of each other. Method: CooRTweet's detect_groups + generate_coordinated_network (Righetti & Balluff). */
import { defineCoShareAnalysis } from "./co-share-family.ts";

export default defineCoShareAnalysis({
  name: "co-domain",
  description: "accounts linking to the same domain within seconds of each other",
  objectNoun: "domain",
  retweetsOption: true,
  objectKind: "name",
  headline: { action: "linked to the same", objectNoun: "domain", objectsNoun: "domains", coAction: "co-shared link", coActions: "co-shared links" },
});
