package io.harwarden.har.stream;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.base.GeneratorBase;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A generator that writes nothing, for the walks whose output nobody reads (the fail-closed re-scan, revealing
 * values): escaping and encoding every string of a file only to throw the bytes away was a sixth of the re-scan's
 * time. Every value the walker reads is still read and judged; only the writing is skipped.
 */
public final class DiscardingGenerator extends GeneratorBase {
    public DiscardingGenerator() {
        super(0, null);
    }

    @Override
    public void writeStartArray() {
    }

    @Override
    public void writeEndArray() {
    }

    @Override
    public void writeStartObject() {
    }

    @Override
    public void writeEndObject() {
    }

    @Override
    public void writeFieldName(String name) {
    }

    @Override
    public void writeFieldName(SerializableString name) {
    }

    @Override
    public void writeString(String text) {
    }

    @Override
    public void writeString(char[] text, int offset, int len) {
    }

    @Override
    public void writeString(SerializableString text) {
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) {
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) {
    }

    @Override
    public void writeRaw(String text) {
    }

    @Override
    public void writeRaw(String text, int offset, int len) {
    }

    @Override
    public void writeRaw(char[] text, int offset, int len) {
    }

    @Override
    public void writeRaw(char c) {
    }

    @Override
    public void writeRawValue(String text) {
    }

    @Override
    public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) {
    }

    @Override
    public int writeBinary(Base64Variant variant, InputStream data, int dataLength) {
        return dataLength;
    }

    @Override
    public void writeNumber(int v) {
    }

    @Override
    public void writeNumber(long v) {
    }

    @Override
    public void writeNumber(BigInteger v) {
    }

    @Override
    public void writeNumber(double v) {
    }

    @Override
    public void writeNumber(float v) {
    }

    @Override
    public void writeNumber(BigDecimal v) {
    }

    @Override
    public void writeNumber(String encodedValue) {
    }

    @Override
    public void writeBoolean(boolean state) {
    }

    @Override
    public void writeNull() {
    }

    @Override
    public void flush() {
    }

    @Override
    protected void _releaseBuffers() {
    }

    @Override
    protected void _verifyValueWrite(String typeMsg) {
    }
}
