import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * Reads {"patterns": {name: pattern}, "events": [event, ...]} on stdin and writes, for each event,
 * the names of the patterns that match it (sorted), as event-ruler's Machine, the engine
 * EventBridge's matching is built on, finds them: {"matches": [[name, ...], ...]}.
 */
public final class EventRuler {
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode input = json.readTree(System.in);
    Machine machine = new Machine();
    for (Iterator<Map.Entry<String, JsonNode>> it = input.get("patterns").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pattern = it.next();
      machine.addRule(pattern.getKey(), json.writeValueAsString(pattern.getValue()));
    }
    ObjectNode output = json.createObjectNode();
    ArrayNode matches = output.putArray("matches");
    for (JsonNode event : input.get("events")) {
      List<String> names = machine.rulesForJSONEvent(json.writeValueAsString(event));
      ArrayNode matched = matches.addArray();
      names.stream().sorted().forEach(matched::add);
    }
    System.out.println(json.writeValueAsString(output));
  }
}
