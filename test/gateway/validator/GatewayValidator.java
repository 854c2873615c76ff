import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jackson.JsonLoader;
import com.github.fge.jsonschema.core.report.ProcessingMessage;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.core.util.RegexECMA262Helper;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import javax.script.ScriptEngine;
import org.mozilla.javascript.Context;

/**
 * Judges request bodies the way API Gateway's request validator does: java-json-tools
 * json-schema-validator, JSON Schema draft 4, each body read by the library's own JSON loader.
 *
 * Reads {"schemas": {"<name>": {...}, ...}, "bodies": ["<body text>", ...]} on standard input;
 * writes {"engine", "schemas": {"<name>": {"schemaErrors": [...], "verdicts": [{"valid", "errors":
 * [{"pointer", "keyword", "message"}]}]}}} on standard output, each body judged by each schema. "engine" names the script engine the library evaluates `pattern` with
 * (Nashorn when it is on the class path, else Rhino), read from the library itself so a test
 * can tell which one ran.
 */
public final class GatewayValidator {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    JsonNode input = JSON.readTree(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    JsonSchemaFactory factory = JsonSchemaFactory.byDefault();

    ObjectNode output = JSON.createObjectNode();
    output.put("engine", regexEngine());
    ObjectNode runs = output.putObject("schemas");
    Iterator<Map.Entry<String, JsonNode>> schemas = input.get("schemas").fields();
    while (schemas.hasNext()) {
      Map.Entry<String, JsonNode> named = schemas.next();
      ObjectNode run = runs.putObject(named.getKey());
      run.set("schemaErrors", messages(factory.getSyntaxValidator().validateSchema(named.getValue())));
      JsonSchema schema = factory.getJsonSchema(named.getValue());
      ArrayNode verdicts = run.putArray("verdicts");
      for (JsonNode body : input.get("bodies")) {
        verdicts.add(verdict(schema, body.textValue()));
      }
    }

    try (Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
      JSON.writeValue(out, output);
    }
  }

  private static ObjectNode verdict(JsonSchema schema, String text) {
    ObjectNode verdict = JSON.createObjectNode();
    JsonNode instance;
    try {
      instance = JsonLoader.fromString(text);
    } catch (IOException e) {
      verdict.put("valid", false);
      verdict.putArray("errors").addObject().put("pointer", "").put("keyword", "json").put("message", "not JSON");
      return verdict;
    }
    try {
      ProcessingReport report = schema.validate(instance);
      verdict.put("valid", report.isSuccess());
      verdict.set("errors", messages(report));
    } catch (Exception e) {
      // The validator itself failed (e.g. a pattern its engine cannot compile): the gateway would not pass it.
      verdict.put("valid", false);
      verdict.putArray("errors").addObject().put("pointer", "").put("keyword", "exception").put("message", e.toString());
    }
    return verdict;
  }

  private static ArrayNode messages(ProcessingReport report) {
    ArrayNode list = JSON.createArrayNode();
    for (ProcessingMessage message : report) {
      JsonNode json = message.asJson();
      String level = json.path("level").asText();
      if (!level.equals("error") && !level.equals("fatal")) continue;
      list.addObject()
          .put("pointer", json.path("instance").path("pointer").asText(""))
          .put("keyword", json.path("keyword").asText(level))
          .put("message", json.path("message").asText());
    }
    return list;
  }

  /**
   * The engine RegexECMA262Helper settled on when it loaded: its Nashorn engine (the "primary"
   * one, used whenever the script engine manager finds Nashorn) or else Rhino.
   */
  private static String regexEngine() throws ReflectiveOperationException {
    Field primary = RegexECMA262Helper.class.getDeclaredField("PRIMARY_SCRIPT_ENGINE");
    primary.setAccessible(true);
    Object engine = primary.get(null);
    if (engine != null) {
      return ((ScriptEngine) engine).getFactory().getEngineName();
    }
    Context context = Context.enter();
    try {
      return context.getImplementationVersion();
    } finally {
      Context.exit();
    }
  }
}
