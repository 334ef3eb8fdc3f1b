package io.kopsauth.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripsNestedValuesInOrder() {
        String text = "{\"kind\":\"ExecCredential\",\"n\":[1,2.5,true,null],\"s\":\"a\\\"b\\n\\u003c\"}";
        Map<String, Object> m = Json.parseObject(text);
        assertThat(m.keySet()).containsExactly("kind", "n", "s");
        assertThat(m.get("s")).isEqualTo("a\"b\n<");
        assertThat(Json.write(m)).isEqualTo("{\"kind\":\"ExecCredential\",\"n\":[1,2.5,true,null],\"s\":\"a\\\"b\\n<\"}");
    }

    @Test
    void parsesConcatenatedObjectsAsKopsValidatePrintsThem() {
        List<Object> all = Json.parseAll("{\"failures\":[{\"type\":\"Pod\"}]}{\"nodes\":[]}");
        assertThat(all).hasSize(2);
        assertThat(((Map<?, ?>) all.get(1)).containsKey("nodes")).isTrue();
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).isInstanceOf(Json.JsonException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(Json.JsonException.class);
    }
}
