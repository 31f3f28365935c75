package org.parledger.command.indexset;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.unit.UnitCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads an index set document, one file per set, written in YAML or JSON with the contract's field names. */
public final class IndexSetDocuments {
    public enum Format { YAML, JSON }

    /** A set's code and the issuing province's are written as plain strings in a document. */
    private static final SimpleModule VALUE_TYPES = new SimpleModule("index-set-documents")
            .addDeserializer(IndexSetCode.class, new ValueDeserializer<>() {
                @Override
                public IndexSetCode deserialize(JsonParser parser, DeserializationContext context) {
                    try {
                        return new IndexSetCode(parser.getValueAsString());
                    } catch (IllegalArgumentException e) {
                        throw new LedgerException(ErrorCode.INVALID_INDEX_SET, "code", e.getMessage());
                    }
                }
            })
            .addDeserializer(UnitCode.class, new ValueDeserializer<>() {
                @Override
                public UnitCode deserialize(JsonParser parser, DeserializationContext context) {
                    try {
                        return new UnitCode(parser.getValueAsString());
                    } catch (IllegalArgumentException e) {
                        throw new LedgerException(ErrorCode.INVALID_INDEX_SET, "within", e.getMessage());
                    }
                }
            });

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(VALUE_TYPES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(VALUE_TYPES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private IndexSetDocuments() {
    }

    public static IndexSetDefinition parse(String document, Format format) {
        if (document == null || document.isBlank()) {
            throw new LedgerException(ErrorCode.INVALID_INDEX_SET, "document", "the document is empty");
        }
        try {
            IndexSetDefinition set = (format == Format.JSON ? JSON : YAML).readValue(document, IndexSetDefinition.class);
            // "null" (or YAML's "~") reads as no set at all: it reached the rules check as INTERNAL_ERROR.
            if (set == null) throw new LedgerException(ErrorCode.INVALID_INDEX_SET, "document", "the document holds no index set");
            return set;
        } catch (JacksonException e) {
            throw new LedgerException(ErrorCode.INVALID_INDEX_SET, "document",
                    "the document cannot be read: " + e.getOriginalMessage() + " at " + e.getPathReference());
        }
    }
}
