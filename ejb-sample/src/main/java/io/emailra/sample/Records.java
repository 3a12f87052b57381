package io.emailra.sample;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the API's records as JSON objects: the JSON-B implementation in Payara 6 serializes records as {}. */
final class Records {

    private Records() {
    }

    static List<Map<String, Object>> toJson(List<? extends Record> records) {
        return records.stream().map(Records::toJson).toList();
    }

    static Map<String, Object> toJson(Record record) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(record);
                json.put(component.getName(), value == null || value instanceof Number || value instanceof Boolean
                        ? value : String.valueOf(value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
        return json;
    }
}
