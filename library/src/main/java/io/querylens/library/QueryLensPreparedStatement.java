package io.querylens.library;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.util.Calendar;

/** A driver's {@code PreparedStatement} whose executions, batches and bind values are recorded. */
public class QueryLensPreparedStatement extends QueryLensStatement implements PreparedStatement {

  final PreparedStatement prepared;

  /** Read once: with capture off, a setter boxes nothing and calls nothing of ours. */
  private final boolean capturesBindValues;

  QueryLensPreparedStatement(
      PreparedStatement delegate, QueryLensConnection connection, StatementTracing tracing) {
    super(delegate, connection, tracing);
    this.prepared = delegate;
    this.capturesBindValues = tracing.capturesBindValues();
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    Object scope = tracing.start(prepared, null, false);
    ResultSet result;
    try {
      result = prepared.executeQuery();
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    Object counting = tracing.resultSetOpened(scope) ? scope : null;
    tracing.end(scope, null);
    return queried(result, counting);
  }

  @Override
  public int executeUpdate() throws SQLException {
    Object scope = tracing.start(prepared, null, false);
    int result;
    try {
      result = prepared.executeUpdate();
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    prepared.setNull(parameterIndex, sqlType);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, null);
    }
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    prepared.setBoolean(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    prepared.setByte(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    prepared.setShort(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    prepared.setInt(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    prepared.setLong(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    prepared.setFloat(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    prepared.setDouble(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    prepared.setBigDecimal(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    prepared.setString(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    prepared.setBytes(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
    prepared.setDate(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
    prepared.setTime(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
    prepared.setTimestamp(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    prepared.setAsciiStream(parameterIndex, x, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Deprecated
  @Override
  public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    prepared.setUnicodeStream(parameterIndex, x, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    prepared.setBinaryStream(parameterIndex, x, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void clearParameters() throws SQLException {
    prepared.clearParameters();
    tracing.parametersCleared(prepared);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    prepared.setObject(parameterIndex, x, targetSqlType);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    prepared.setObject(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public boolean execute() throws SQLException {
    Object scope = tracing.start(prepared, null, false);
    boolean result;
    try {
      result = prepared.execute();
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    Object counting = countingIf(result, scope);
    tracing.end(scope, null);
    return executed(result, counting);
  }

  @Override
  public void addBatch() throws SQLException {
    prepared.addBatch();
    tracing.batchAdded(prepared, null);
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, int length)
      throws SQLException {
    prepared.setCharacterStream(parameterIndex, reader, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, reader);
    }
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    prepared.setRef(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    prepared.setBlob(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    prepared.setClob(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    prepared.setArray(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return prepared.getMetaData();
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
    prepared.setDate(parameterIndex, x, cal);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
    prepared.setTime(parameterIndex, x, cal);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal)
      throws SQLException {
    prepared.setTimestamp(parameterIndex, x, cal);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    prepared.setNull(parameterIndex, sqlType, typeName);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, null);
    }
  }

  @Override
  public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    prepared.setURL(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return prepared.getParameterMetaData();
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    prepared.setRowId(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    prepared.setNString(parameterIndex, value);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, value);
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length)
      throws SQLException {
    prepared.setNCharacterStream(parameterIndex, value, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, value);
    }
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    prepared.setNClob(parameterIndex, value);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, value);
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    prepared.setClob(parameterIndex, reader, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, reader);
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length)
      throws SQLException {
    prepared.setBlob(parameterIndex, inputStream, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, inputStream);
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    prepared.setNClob(parameterIndex, reader, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, reader);
    }
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    prepared.setSQLXML(parameterIndex, xmlObject);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, xmlObject);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    prepared.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length)
      throws SQLException {
    prepared.setAsciiStream(parameterIndex, x, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length)
      throws SQLException {
    prepared.setBinaryStream(parameterIndex, x, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, long length)
      throws SQLException {
    prepared.setCharacterStream(parameterIndex, reader, length);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, reader);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    prepared.setAsciiStream(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    prepared.setBinaryStream(parameterIndex, x);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
    prepared.setCharacterStream(parameterIndex, reader);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, reader);
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    prepared.setNCharacterStream(parameterIndex, value);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, value);
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    prepared.setClob(parameterIndex, reader);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, reader);
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    prepared.setBlob(parameterIndex, inputStream);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, inputStream);
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    prepared.setNClob(parameterIndex, reader);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, reader);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    prepared.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    prepared.setObject(parameterIndex, x, targetSqlType);
    if (capturesBindValues) {
      tracing.parameterSet(prepared, parameterIndex, x);
    }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    Object scope = tracing.start(prepared, null, false);
    long result;
    try {
      result = prepared.executeLargeUpdate();
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }
}
