package org.parledger.query.support;

import org.parledger.api.indexset.IndexSetDefinition;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** An index set's rules as stored in the read model (JSON), written and read with one fixed mapper. */
@Component
public class RulesJson {
    private final JsonMapper mapper = JsonMapper.builder().build();

    public String write(IndexSetDefinition rules) {
        return mapper.writeValueAsString(rules);
    }

    public IndexSetDefinition read(String json) {
        return mapper.readValue(json, IndexSetDefinition.class);
    }
}
