/** `co-reply`: accounts replying to the same tweet within seconds of each other. Method: CooRTweet's detect_groups + generate_coordinated_network (Righetti & Balluff). */
import { defineCoShareAnalysis } from "./co-share-family.ts";

export default defineCoShareAnalysis({
  name: "co-reply",
  description: "accounts replying to the same tweet within seconds of each other",
  objectNoun: "replied-to tweet",
  retweetsOption: false,
  objectKind: "tweet",
  headline: { action: "replied to the same", objectNoun: "tweet", objectsNoun: "tweets", coAction: "co-reply", coActions: "co-replies" },
});
