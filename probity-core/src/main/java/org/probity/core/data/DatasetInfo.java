package org.probity.core.data;

import java.util.List;

/**
 * What the registry knows about a named dataset before loading it: size and shape, class names in
 * id order, the image layout for image data (channels, height, width; null for tables), whether it
 * ships inside Probity or must be fetched (and the command that fetches it), and its licence.
 */
public record DatasetInfo(
    String name,
    String description,
    boolean bundled,
    int examples,
    int features,
    int[] imageShape,
    List<String> classNames,
    boolean officialSplit,
    String licence,
    String fetchCommand) {

  public DatasetInfo {
    classNames = List.copyOf(classNames);
    imageShape = imageShape == null ? null : imageShape.clone();
  }

  public int numClasses() {
    return classNames.size();
  }

  public boolean isImage() {
    return imageShape != null;
  }

  @Override
  public int[] imageShape() {
    return imageShape == null ? null : imageShape.clone();
  }
}
